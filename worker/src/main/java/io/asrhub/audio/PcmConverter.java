package io.asrhub.audio;

import javax.sound.sampled.AudioFormat;

/** Turns interleaved PCM frames of any common layout into mono floats by averaging channels. */
final class PcmConverter {
    private PcmConverter() {
    }

    static float[] toMonoFloat(byte[] data, int length, AudioFormat format) {
        int bytesPerSample = format.getSampleSizeInBits() / 8;
        int channels = format.getChannels();
        int frameSize = bytesPerSample * channels;
        int frames = length / frameSize;
        float[] mono = new float[frames];
        boolean bigEndian = format.isBigEndian();
        AudioFormat.Encoding encoding = format.getEncoding();
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            int base = f * frameSize;
            for (int c = 0; c < channels; c++) {
                sum += sample(data, base + c * bytesPerSample, bytesPerSample, bigEndian, encoding);
            }
            mono[f] = (float) (sum / channels);
        }
        return mono;
    }

    private static double sample(byte[] d, int off, int bytes, boolean bigEndian, AudioFormat.Encoding enc) {
        long raw = 0;
        for (int i = 0; i < bytes; i++) {
            int b = d[off + (bigEndian ? i : bytes - 1 - i)] & 0xff;
            raw = (raw << 8) | b;
        }
        if (AudioFormat.Encoding.PCM_FLOAT.equals(enc)) {
            return bytes == 4 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
        }
        int bits = bytes * 8;
        if (AudioFormat.Encoding.PCM_UNSIGNED.equals(enc)) {
            return (raw - (1L << (bits - 1))) / (double) (1L << (bits - 1));
        }
        long signed = (raw << (64 - bits)) >> (64 - bits);
        return signed / (double) (1L << (bits - 1));
    }
}
