package io.asrhub.records;

import org.apache.avro.Schema;

import java.io.EOFException;
import java.io.IOException;

/**
 * Walks an Avro binary body against its writer schema without building any value, and rejects it
 * when a declared length or item count cannot fit in the bytes that are actually there. Avro's
 * own decoder allocates a string, byte array or map from the declared length before reading it, so
 * 16 bytes declaring a 1 GiB string would otherwise cost 1 GiB of heap (or an OutOfMemoryError).
 * After this walk, everything the real decoder allocates is bounded by the record's own size.
 */
final class AvroRecordBounds {
    /** Items that encode to zero bytes (null, empty records) cannot be bounded by size; cap them. */
    private static final long MAX_ZERO_SIZE_ITEMS = 1_000_000;

    private final byte[] data;
    private int pos;

    private AvroRecordBounds(byte[] data, int offset) {
        this.data = data;
        this.pos = offset;
    }

    /** Throws IOException naming the first length that overruns the record. */
    static void check(Schema writer, byte[] data, int bodyOffset) throws IOException {
        AvroRecordBounds walk = new AvroRecordBounds(data, bodyOffset);
        walk.skip(writer); // trailing bytes are ignored, as Avro's decoder does
    }

    private void skip(Schema s) throws IOException {
        switch (s.getType()) {
            case NULL -> { }
            case BOOLEAN -> take(1, "boolean");
            case INT, LONG, ENUM -> readVarLong();
            case FLOAT -> take(4, "float");
            case DOUBLE -> take(8, "double");
            case STRING, BYTES -> take(length(s.getType().getName()), s.getType().getName());
            case FIXED -> take(s.getFixedSize(), "fixed");
            case RECORD -> {
                for (Schema.Field f : s.getFields()) {
                    skip(f.schema());
                }
            }
            case UNION -> {
                long branch = readVarLong();
                if (branch < 0 || branch >= s.getTypes().size()) {
                    throw new IOException("union branch " + branch + " does not exist");
                }
                skip(s.getTypes().get((int) branch));
            }
            case ARRAY -> skipBlocks(s.getElementType(), null);
            case MAP -> skipBlocks(s.getValueType(), Schema.create(Schema.Type.STRING));
        }
    }

    /** Arrays and maps are blocks of items; a negative count is followed by the block's byte size. */
    private void skipBlocks(Schema item, Schema key) throws IOException {
        boolean itemsTakeBytes = key != null || minimumSize(item) > 0;
        long total = 0;
        while (true) {
            long count = readVarLong();
            if (count == 0) {
                return;
            }
            if (count < 0) {
                count = -count;
                readVarLong(); // block size in bytes, a hint for skipping; the items are checked anyway
            }
            total += count;
            if (itemsTakeBytes ? count > remaining() : total > MAX_ZERO_SIZE_ITEMS) {
                throw new IOException("collection declares " + count + " items but only " + remaining()
                        + " bytes remain in the record");
            }
            for (long i = 0; i < count; i++) {
                if (key != null) {
                    skip(key);
                }
                skip(item);
            }
        }
    }

    private static int minimumSize(Schema s) {
        return switch (s.getType()) {
            case NULL -> 0;
            case RECORD -> s.getFields().stream().mapToInt(f -> minimumSize(f.schema())).sum();
            case FIXED -> s.getFixedSize();
            default -> 1;
        };
    }

    private long length(String what) throws IOException {
        long len = readVarLong();
        if (len < 0) {
            throw new IOException(what + " has negative length " + len);
        }
        return len;
    }

    private void take(long n, String what) throws IOException {
        if (n > remaining()) {
            throw new EOFException(what + " declares " + n + " bytes but only " + remaining()
                    + " remain in the record");
        }
        pos += (int) n;
    }

    private int remaining() {
        return data.length - pos;
    }

    /** Zig-zag varint, at most 10 bytes. */
    private long readVarLong() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= data.length) {
                throw new EOFException("record ends inside a number");
            }
            int b = data[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IOException("number is longer than 10 bytes");
    }
}
