package io.asrhub.audio;

/**
 * Reads the length an MP3 states about itself: the frame count in the Xing/Info tag (LAME, sox)
 * or the VBRI tag (Fraunhofer) inside the first audio frame. Plain CBR files state nothing; their
 * duration is only an estimate from the file size, which is not a claim a truncation can break.
 */
final class Mp3LengthTag {
    private Mp3LengthTag() {
    }

    /** Declared PCM frames (samples per channel), or -1 when the file states no length. */
    static long declaredFrames(byte[] data) {
        int pos = skipId3(data);
        int frame = findFrameSync(data, pos, Math.min(data.length - 4, pos + 8192));
        if (frame < 0) {
            return -1;
        }
        int b1 = data[frame + 1] & 0xff;
        int b3 = data[frame + 3] & 0xff;
        int version = (b1 >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
        int layer = (b1 >> 1) & 3; // 1 = Layer III, 2 = Layer II, 3 = Layer I
        boolean mono = ((b3 >> 6) & 3) == 3;
        boolean mpeg1 = version == 3;
        int samplesPerFrame = layer == 3 ? 384 : layer == 2 || mpeg1 ? 1152 : 576;
        int sideInfo = mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        int xing = frame + 4 + sideInfo;
        if (matches(data, xing, "Xing") || matches(data, xing, "Info")) {
            int flags = intBE(data, xing + 4);
            if (flags >= 0 && (flags & 1) != 0) {
                long frames = Integer.toUnsignedLong(intBE(data, xing + 8));
                return frames * samplesPerFrame;
            }
            return -1;
        }
        int vbri = frame + 4 + 32;
        if (matches(data, vbri, "VBRI")) {
            return Integer.toUnsignedLong(intBE(data, vbri + 14)) * samplesPerFrame;
        }
        return -1;
    }

    /** Decoders may drop or pad a frame or two (encoder delay, the tag frame itself). */
    static long toleranceFrames() {
        return 3 * 1152;
    }

    private static int skipId3(byte[] d) {
        if (d.length >= 10 && d[0] == 'I' && d[1] == 'D' && d[2] == '3') {
            int size = ((d[6] & 0x7f) << 21) | ((d[7] & 0x7f) << 14) | ((d[8] & 0x7f) << 7) | (d[9] & 0x7f);
            boolean footer = (d[5] & 0x10) != 0;
            return 10 + size + (footer ? 10 : 0);
        }
        return 0;
    }

    private static int findFrameSync(byte[] d, int from, int to) {
        for (int i = Math.max(0, from); i < to; i++) {
            if ((d[i] & 0xff) == 0xFF && (d[i + 1] & 0xE0) == 0xE0 && ((d[i + 1] >> 1) & 3) != 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(byte[] d, int at, String tag) {
        if (at < 0 || at + 16 > d.length) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (d[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int intBE(byte[] d, int at) {
        if (at + 4 > d.length) {
            return -1;
        }
        return ((d[at] & 0xff) << 24) | ((d[at + 1] & 0xff) << 16) | ((d[at + 2] & 0xff) << 8) | (d[at + 3] & 0xff);
    }
}
