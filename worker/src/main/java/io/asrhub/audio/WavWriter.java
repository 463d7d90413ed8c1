package io.asrhub.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes mono float samples as 16-bit PCM WAV, the lowest common denominator for HTTP engines. */
public final class WavWriter {
    private WavWriter() {
    }

    public static byte[] pcm16(float[] samples, int sampleRate) {
        return pcm16(samples, samples.length, sampleRate);
    }

    /** The first {@code length} samples of {@code samples}. */
    public static byte[] pcm16(float[] samples, int length, int sampleRate) {
        int dataBytes = length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < length; i++) {
            float s = samples[i];
            float clipped = Math.max(-1f, Math.min(1f, s));
            b.putShort((short) Math.round(clipped * 32767));
        }
        return b.array();
    }
}
