package io.asrhub.records.registry;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The schema-registry wire format (Confluent's, also written by Apicurio's serde in its
 * Confluent-compatible mode): magic byte {@code 00}, the schema id as 4 bytes big-endian, then the
 * Avro binary body. Avro single-object encoding carries the same body after {@code C3 01} and an
 * 8-byte fingerprint, so converting between the two only swaps the header.
 */
public final class RegistryWireFormat {
    static final byte MAGIC = 0x00;
    static final int HEADER_LENGTH = 5;

    private RegistryWireFormat() {
    }

    /** True when {@code value} starts like a registry-framed record (the first byte decides). */
    public static boolean isFramed(byte[] value) {
        return value != null && value.length >= 1 && value[0] == MAGIC;
    }

    /** The schema id of a framed record, or -1 when the record is too short to hold one. */
    public static int schemaId(byte[] value) {
        return value.length < HEADER_LENGTH ? -1 : ByteBuffer.wrap(value, 1, 4).getInt();
    }

    /** A framed record: {@code 00}, {@code id}, then {@code body[from..]}. */
    static byte[] frame(int id, byte[] body, int from) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + body.length - from);
        out.put(MAGIC).putInt(id).put(body, from, body.length - from);
        return out.array();
    }

    /** The same body behind another header (e.g. a single-object header). */
    static byte[] reframe(byte[] header, byte[] framed) {
        byte[] out = Arrays.copyOf(header, header.length + framed.length - HEADER_LENGTH);
        System.arraycopy(framed, HEADER_LENGTH, out, header.length, framed.length - HEADER_LENGTH);
        return out;
    }
}
