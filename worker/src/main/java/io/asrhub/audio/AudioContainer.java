package io.asrhub.audio;

/** Container formats asr-hub accepts, recognised by their leading bytes rather than by file name. */
public enum AudioContainer {
    WAV, FLAC, MP3, OGG, OPUS;

    /** Returns the container, or null when the bytes do not start like any supported audio file. */
    public static AudioContainer sniff(byte[] head) {
        if (startsWith(head, "RIFF") && head.length >= 12 && ascii(head, 8, 4).equals("WAVE")) {
            return WAV;
        }
        if (startsWith(head, "fLaC")) {
            return FLAC;
        }
        if (startsWith(head, "OggS")) {
            return isOpus(head) ? OPUS : OGG;
        }
        if (startsWith(head, "ID3") || isMpegFrameSync(head)) {
            return MP3;
        }
        return null;
    }

    /** Formats users may try that we recognise, so the error can name them instead of "not audio". */
    static String describeUnsupported(byte[] head) {
        if (startsWith(head, "RIFF") && head.length >= 12) {
            return "RIFF container of type '" + ascii(head, 8, 4) + "' (only WAVE is audio)";
        }
        if (head.length >= 8 && ascii(head, 4, 4).equals("ftyp")) {
            return "MP4/M4A container (AAC is not supported; convert to WAV, FLAC, MP3 or OGG Vorbis)";
        }
        if (startsWith(head, "FORM")) {
            return "AIFF container (not supported; convert to WAV)";
        }
        if (head.length >= 4 && (head[0] & 0xff) == 0x1A && (head[1] & 0xff) == 0x45
                && (head[2] & 0xff) == 0xDF && (head[3] & 0xff) == 0xA3) {
            return "Matroska/WebM container (not supported; convert to WAV or OGG Vorbis)";
        }
        return null;
    }

    /** The first Ogg packet of an Opus stream is "OpusHead", right after the page's segment table. */
    private static boolean isOpus(byte[] head) {
        if (head.length < 27) {
            return false;
        }
        int start = 27 + (head[26] & 0xff);
        return head.length >= start + 8 && ascii(head, start, 8).equals("OpusHead");
    }

    private static boolean isMpegFrameSync(byte[] head) {
        if (head.length < 4) {
            return false;
        }
        int b0 = head[0] & 0xff;
        int b1 = head[1] & 0xff;
        int layerBits = (b1 >> 1) & 0x3;
        int bitrateIndex = (head[2] & 0xff) >> 4;
        int rateIndex = ((head[2] & 0xff) >> 2) & 0x3;
        // 11-bit sync plus valid layer/bitrate/sample-rate indexes: random bytes rarely pass all four.
        return b0 == 0xFF && (b1 & 0xE0) == 0xE0 && layerBits != 0 && bitrateIndex != 0xF && rateIndex != 0x3;
    }

    private static boolean startsWith(byte[] data, String magic) {
        return data.length >= magic.length() && ascii(data, 0, magic.length()).equals(magic);
    }

    private static String ascii(byte[] data, int from, int len) {
        return new String(data, from, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
