package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * A whole FLAC file decoded into one array, through {@link FlacStream} (which has the decoding
 * rules). Memory: 4 bytes per decoded sample (mono, native rate), up to 1.5x that while the buffer
 * grows, plus one frame; never what the header claims.
 */
final class FlacReader {
    private FlacReader() {
    }

    static DecodedAudio read(String source, byte[] data, AudioLimits limits) throws AsrException, IOException {
        // No frame deadline of its own: the whole decode runs under AudioDecoder's watchdog.
        try (FlacStream flac = FlacStream.open(source, new ByteArrayInputStream(data), limits, Long.MAX_VALUE)) {
            int rate = flac.sampleRate();
            long maxFrames = limits.maxDurationMs() * rate / 1000;
            // Never sized from the header: a 20 KB file whose STREAMINFO claims 1 hour at 192 kHz would
            // reserve 2.7 GB before one sample is decoded (issue 15, item 5). The buffer grows with the
            // samples actually decoded, up to the duration limit.
            FloatBuffer mono = new FloatBuffer(Math.min(rate * 10L, 1 << 20), maxFrames + 65_536L);
            float[] block = new float[65_536];
            int n;
            while ((n = flac.read(block, 0, block.length)) >= 0) {
                mono.append(block, n);
            }
            return new DecodedAudio(mono.toArray(), rate, flac.sourceFormat(), flac.truncated());
        }
    }

    /** A float array that grows by doubling, like ByteArrayOutputStream. */
    private static final class FloatBuffer {
        private final long capacityLimit;
        private float[] items;
        private int size;

        FloatBuffer(long initial, long capacityLimit) {
            this.capacityLimit = Math.min(capacityLimit, Integer.MAX_VALUE - 16);
            items = new float[(int) Math.min(Math.max(initial, 1024), this.capacityLimit)];
        }

        void append(float[] more, int length) {
            if (size + length > items.length) {
                long grown = Math.min(Math.max((long) size + length, items.length * 3L / 2), capacityLimit);
                items = java.util.Arrays.copyOf(items, (int) Math.max(grown, (long) size + length));
            }
            System.arraycopy(more, 0, items, size, length);
            size += length;
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return size == items.length ? items : java.util.Arrays.copyOf(items, size);
        }
    }
}
