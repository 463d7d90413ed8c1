package io.asrhub.testsupport;

import io.asrhub.errors.ErrorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The audio half of the hostile-input campaign (issue 7): payloads with the outcome each must
 * have, shared by the decoder unit test and the real-broker integration test. Decoded with
 * {@link #MAX_DURATION_MS} as the duration limit; everything stays small enough to travel inline.
 */
public final class HostileAudio {
    public static final long MAX_DURATION_MS = 20_000;

    /** One payload; {@code expected} null means it must be transcribed (OK). */
    public record Case(String name, byte[] data, ErrorCode expected) {
        @Override
        public String toString() {
            return name + " -> " + (expected == null ? "OK" : expected);
        }
    }

    private HostileAudio() {
    }

    /** Cases that need no external tool. */
    public static List<Case> synthetic() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("empty", new byte[0], ErrorCode.EMPTY_INPUT));
        cases.add(new Case("passwd-text", "root:x:0:0:root:/root:/bin/bash\n".getBytes(StandardCharsets.UTF_8),
                ErrorCode.NOT_AUDIO));
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        noise[0] = 0x12;
        cases.add(new Case("random-bytes", noise, ErrorCode.NOT_AUDIO));
        byte[] m4a = new byte[32];
        System.arraycopy("ftypM4A ".getBytes(StandardCharsets.ISO_8859_1), 0, m4a, 4, 8);
        cases.add(new Case("m4a", m4a, ErrorCode.UNSUPPORTED_FORMAT));
        cases.add(new Case("aiff", "FORM\0\0\0\u0010AIFFCOMM".getBytes(StandardCharsets.ISO_8859_1),
                ErrorCode.UNSUPPORTED_FORMAT));
        cases.add(new Case("webm", new byte[]{0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0, 0, 0, 0},
                ErrorCode.UNSUPPORTED_FORMAT));
        byte[] pcm = tone(16_000, 1.0);
        cases.add(new Case("wav-zero-channels", wav(16_000, 0, 16, 1, pcm, pcm.length), ErrorCode.CORRUPT_AUDIO));
        cases.add(new Case("wav-zero-rate", wav(0, 1, 16, 1, pcm, pcm.length), ErrorCode.CORRUPT_AUDIO));
        cases.add(new Case("wav-rate-lie-10mhz", wav(10_000_000, 1, 16, 1, pcm, pcm.length), ErrorCode.CORRUPT_AUDIO));
        cases.add(new Case("wav-12-bit", wav(16_000, 1, 12, 1, pcm, pcm.length), ErrorCode.UNSUPPORTED_FORMAT));
        cases.add(new Case("wav-adpcm", wav(16_000, 1, 4, 2, pcm, pcm.length), ErrorCode.UNSUPPORTED_FORMAT));
        cases.add(new Case("wav-header-only", Arrays.copyOf(wav(16_000, 1, 16, 1, pcm, pcm.length), 36),
                ErrorCode.CORRUPT_AUDIO));
        byte[] fragment = Arrays.copyOf(pcm, 2240); // 0.07 s
        cases.add(new Case("wav-declares-5s-holds-0.07s", wav(16_000, 1, 16, 1, fragment, 16_000 * 2 * 5),
                ErrorCode.TRUNCATED_AUDIO));
        cases.add(new Case("wav-declares-1h-holds-1s", wav(16_000, 1, 16, 1, pcm, 16_000 * 2 * 3600),
                ErrorCode.TRUNCATED_AUDIO));
        cases.add(new Case("wav-32-channels-1-byte", wav(16_000, 32, 16, 1, new byte[1], 1), ErrorCode.EMPTY_INPUT));
        cases.add(new Case("wav-streaming-size", wav(16_000, 1, 16, 1, pcm, 0x7FFFF000), null));
        cases.add(new Case("wav-long-silence-15s", wav(8_000, 1, 16, 1, new byte[8_000 * 2 * 15], 8_000 * 2 * 15), null));
        cases.add(new Case("wav-too-long-25s", wav(1_000, 1, 8, 1, filled(25_000, (byte) 128), 25_000),
                ErrorCode.TOO_LONG));
        // Issue 15, item 8: less than one 10 ms frame, and float samples no recording holds.
        cases.add(new Case("wav-one-sample", wav(16_000, 1, 16, 1, new byte[]{0, 0x10}, 2), ErrorCode.EMPTY_INPUT));
        cases.add(new Case("wav-9ms", wav(16_000, 1, 16, 1, Arrays.copyOf(pcm, 144 * 2), 144 * 2),
                ErrorCode.EMPTY_INPUT));
        cases.add(new Case("wav-float-nan", floatWav(32, Double.NaN), ErrorCode.CORRUPT_AUDIO));
        cases.add(new Case("wav-float-infinity", floatWav(32, Double.NEGATIVE_INFINITY), ErrorCode.CORRUPT_AUDIO));
        cases.add(new Case("wav-double-1e308", floatWav(64, 1e308), ErrorCode.CORRUPT_AUDIO));
        cases.add(new Case("wav-float-1e30", floatWav(32, 1e30), ErrorCode.CORRUPT_AUDIO));
        cases.add(new Case("wav-float-overshoot-1.5", floatWav(32, 1.5), null)); // a hot master, not damage
        return cases;
    }

    /**
     * 1 s of 16 kHz mono float WAV ({@code bits} 32 or 64): a quiet tone whose every 100th sample is
     * {@code odd}.
     */
    public static byte[] floatWav(int bits, double odd) {
        int n = 16_000;
        ByteBuffer b = ByteBuffer.allocate(n * bits / 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            double v = i % 100 == 50 ? odd : 0.25 * Math.sin(2 * Math.PI * 440 * i / 16_000.0);
            if (bits == 32) {
                b.putFloat((float) v);
            } else {
                b.putDouble(v);
            }
        }
        return wav(16_000, 1, bits, 3, b.array(), b.capacity());
    }

    /** Cases built from real encoders (sox, lame, opusenc); callers skip when the tool is missing. */
    public static List<Case> encoded() throws IOException, InterruptedException {
        Path speech = Speech.wav("short", Speech.SHORT);
        List<Case> cases = new ArrayList<>();
        byte[] flac24 = read(Speech.sox(speech, "hostile-24bit.flac", "-r", "16000", "-b", "24"));
        cases.add(new Case("flac-24-bit", flac24, null));
        cases.add(new Case("flac-truncated-half", Arrays.copyOf(flac24, flac24.length / 2), ErrorCode.TRUNCATED_AUDIO));
        cases.add(new Case("flac-header-only", Arrays.copyOf(flac24, 12), ErrorCode.CORRUPT_AUDIO));
        cases.add(new Case("flac-damaged-frames", scrambleAfter(flac24, flacAudioStart(flac24), 7),
                ErrorCode.CORRUPT_AUDIO));
        byte[] longFlac = read(longFlac());
        cases.add(new Case("flac-no-length-over-limit", withoutTotalSamples(longFlac), ErrorCode.TOO_LONG));
        // Issue 15, item 5: the claim must not size memory (HeaderClaimMemoryTest measures it at 1 hour).
        cases.add(new Case("flac-192k-1s-claims-19s", flac192k(19), ErrorCode.TRUNCATED_AUDIO));
        byte[] mp3 = read(Speech.sox(speech, "hostile.mp3", "-r", "22050"));
        cases.add(new Case("mp3-damaged", scrambleAfter(mp3, 4, 3), ErrorCode.CORRUPT_AUDIO));
        if (Speech.hasTool("lame")) {
            byte[] vbr = read(Speech.lameVbr(speech, "hostile-vbr.mp3"));
            cases.add(new Case("mp3-xing-truncated-half", Arrays.copyOf(vbr, vbr.length / 2),
                    ErrorCode.TRUNCATED_AUDIO));
        }
        byte[] ogg = read(Speech.sox(speech, "hostile.ogg", "-r", "16000"));
        cases.add(new Case("ogg-damaged", scrambleAfter(ogg, 4, 3), ErrorCode.CORRUPT_AUDIO));
        cases.add(new Case("ogg-header-only", Arrays.copyOf(ogg, 12), ErrorCode.CORRUPT_AUDIO));
        if (Speech.hasTool("opusenc")) {
            byte[] opus = read(Speech.opus(speech, "hostile.opus"));
            cases.add(new Case("opus-damaged", scrambleAfter(opus, 40, 5), ErrorCode.CORRUPT_AUDIO));
        }
        return cases;
    }

    /** 30 s of 8 kHz tone as FLAC, longer than {@link #MAX_DURATION_MS}. */
    public static Path longFlac() throws IOException, InterruptedException {
        Path source = Path.of("target", "speech", "hostile-long-src.wav");
        if (!Files.exists(source)) {
            Files.createDirectories(source.getParent());
            byte[] pcm = tone(8_000, 30);
            Files.write(source, wav(8_000, 1, 16, 1, pcm, pcm.length));
        }
        return Speech.sox(source, "hostile-long.flac");
    }

    /** 1 s of 192 kHz 16-bit tone as FLAC (sox) whose STREAMINFO claims {@code claimedSeconds}. */
    public static byte[] flac192k(long claimedSeconds) throws IOException, InterruptedException {
        Path source = Path.of("target", "speech", "hostile-192k-1s.wav");
        if (!Files.exists(source)) {
            Files.createDirectories(source.getParent());
            byte[] pcm = tone(192_000, 1);
            Files.write(source, wav(192_000, 1, 16, 1, pcm, pcm.length));
        }
        return withTotalSamples(read(Speech.sox(source, "hostile-192k-1s.flac")), claimedSeconds * 192_000);
    }

    /** Sets the 36-bit total-samples field of STREAMINFO to {@code samples}. */
    public static byte[] withTotalSamples(byte[] flac, long samples) {
        byte[] out = withoutTotalSamples(flac);
        out[21] |= (byte) ((samples >>> 32) & 0x0F);
        ByteBuffer.wrap(out, 22, 4).putInt((int) samples);
        return out;
    }

    /** A canonical 44-byte-header WAV whose data chunk claims {@code declaredDataBytes}. */
    public static byte[] wav(int rate, int channels, int bits, int formatTag, byte[] data, long declaredDataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * Math.max(1, bits / 8);
        b.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt((int) (36 + declaredDataBytes))
                .put("WAVE".getBytes(StandardCharsets.ISO_8859_1));
        b.put("fmt ".getBytes(StandardCharsets.ISO_8859_1)).putInt(16).putShort((short) formatTag)
                .putShort((short) channels).putInt(rate).putInt(rate * blockAlign).putShort((short) blockAlign)
                .putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.ISO_8859_1)).putInt((int) declaredDataBytes).put(data);
        return b.array();
    }

    /** 16-bit mono 440 Hz tone. */
    public static byte[] tone(int rate, double seconds) {
        int n = (int) (rate * seconds);
        ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        return b.array();
    }

    /** Zeroes the 36-bit total-samples field of STREAMINFO: "length unknown", as streaming encoders write. */
    public static byte[] withoutTotalSamples(byte[] flac) {
        byte[] out = flac.clone();
        out[21] &= (byte) 0xF0;
        Arrays.fill(out, 22, 26, (byte) 0);
        return out;
    }

    /** Offset of the first audio frame: after the metadata block whose header has the last-block flag. */
    public static int flacAudioStart(byte[] flac) {
        int pos = 4;
        while (pos + 4 <= flac.length) {
            boolean last = (flac[pos] & 0x80) != 0;
            int length = ((flac[pos + 1] & 0xff) << 16) | ((flac[pos + 2] & 0xff) << 8) | (flac[pos + 3] & 0xff);
            pos += 4 + length;
            if (last) {
                return pos;
            }
        }
        return flac.length;
    }

    private static byte[] scrambleAfter(byte[] good, int keep, long seed) {
        byte[] out = good.clone();
        byte[] noise = new byte[out.length - keep];
        new Random(seed).nextBytes(noise);
        System.arraycopy(noise, 0, out, keep, noise.length);
        return out;
    }

    private static byte[] filled(int n, byte value) {
        byte[] out = new byte[n];
        Arrays.fill(out, value);
        return out;
    }

    private static byte[] read(Path p) throws IOException {
        return Files.readAllBytes(p);
    }
}
