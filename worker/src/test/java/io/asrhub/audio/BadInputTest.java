package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A corpus of broken inputs; each must give its typed error naming the input, never a crash or a hang. */
class BadInputTest {
    private final AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT, java.time.Duration.ofSeconds(20));

    @TempDir
    Path dir;

    private AsrException failure(String name, byte[] data) {
        AsrException e = assertThrows(AsrException.class, () -> decoder.decode(name, data, 16_000));
        assertTrue(e.getMessage().startsWith(name + ":"), "message names the input: " + e.getMessage());
        return e;
    }

    @Test
    void emptyInput() {
        assertEquals(ErrorCode.EMPTY_INPUT, failure("empty.wav", new byte[0]).code());
    }

    @Test
    void textFileIsNotAudio() {
        AsrException e = failure("notes.txt", "hello, this is not audio".getBytes(StandardCharsets.UTF_8));
        assertEquals(ErrorCode.NOT_AUDIO, e.code());
        assertTrue(e.getMessage().contains("expected WAV, FLAC, MP3, OGG Vorbis or Opus"));
    }

    @Test
    void randomBytesAreNotAudio() {
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        noise[0] = 0x12;
        assertEquals(ErrorCode.NOT_AUDIO, failure("noise.bin", noise).code());
    }

    @Test
    void knownButUnsupportedContainersAreNamed() {
        byte[] mp4 = new byte[32];
        System.arraycopy("ftypM4A ".getBytes(StandardCharsets.ISO_8859_1), 0, mp4, 4, 8);
        AsrException e = failure("voice.m4a", mp4);
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
        assertTrue(e.getMessage().contains("MP4"));
        byte[] avi = "RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, failure("movie.avi", avi).code());
    }

    @Test
    void wavHeaderWithoutData() {
        byte[] header = Arrays.copyOf(wav(16_000, 1, 16, 1, new byte[3200]), 36);
        assertEquals(ErrorCode.CORRUPT_AUDIO, failure("cut.wav", header).code());
    }

    @Test
    void wavTruncatedInsideFmtChunk() {
        assertEquals(ErrorCode.CORRUPT_AUDIO, failure("cut-fmt.wav", Arrays.copyOf(wav(16_000, 1, 16, 1, new byte[32]), 24)).code());
    }

    @Test
    void wavWithUnsupportedEncoding() {
        byte[] adpcm = wav(16_000, 1, 4, 2, new byte[100]);
        AsrException e = failure("adpcm.wav", adpcm);
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
        assertTrue(e.getMessage().contains("tag 2"));
    }

    @Test
    void wavWithImpossibleSampleRate() {
        assertEquals(ErrorCode.CORRUPT_AUDIO, failure("rate.wav", wav(0, 1, 16, 1, new byte[100])).code());
    }

    @Test
    void wavWithNoSamples() {
        assertEquals(ErrorCode.EMPTY_INPUT, failure("silent.wav", wav(16_000, 1, 16, 1, new byte[0])).code());
    }

    @Test
    void oversizedInputIsRejectedBeforeDecoding() {
        AudioDecoder small = new AudioDecoder(new AudioLimits(1000, 60_000));
        AsrException e = assertThrows(AsrException.class,
                () -> small.decode("big.wav", wav(16_000, 1, 16, 1, new byte[4000]), 16_000));
        assertEquals(ErrorCode.TOO_LARGE, e.code());
    }

    @Test
    void overlongWavIsRejectedFromItsHeader() {
        AudioDecoder shortLimit = new AudioDecoder(new AudioLimits(10_000_000, 1_000));
        AsrException e = assertThrows(AsrException.class,
                () -> shortLimit.decode("long.wav", wav(16_000, 1, 16, 1, new byte[64_000]), 16_000));
        assertEquals(ErrorCode.TOO_LONG, e.code());
    }

    @Test
    void overlongCompressedAudioIsRejected() throws Exception {
        Path mp3 = Speech.sox(Speech.wav("short", Speech.SHORT), "limit.mp3", "-r", "16000");
        AudioDecoder shortLimit = new AudioDecoder(new AudioLimits(10_000_000, 1_000));
        AsrException e = assertThrows(AsrException.class, () -> shortLimit.decodeFile(mp3, 16_000));
        assertEquals(ErrorCode.TOO_LONG, e.code());
    }

    @Test
    void missingFile() {
        AsrException e = assertThrows(AsrException.class, () -> decoder.decodeFile(dir.resolve("nope.wav"), 16_000));
        assertEquals(ErrorCode.BAD_REFERENCE, e.code());
    }

    @Test
    void truncatedAndDamagedCompressedFiles() throws Exception {
        Path speech = Speech.wav("short", Speech.SHORT);
        for (String name : new String[]{"speech.flac", "speech.mp3", "speech.ogg"}) {
            byte[] good = Files.readAllBytes(Speech.sox(speech, "bad-" + name, "-r", "16000"));
            byte[] headerOnly = Arrays.copyOf(good, 12);
            AsrException e = failure("head-" + name, headerOnly);
            assertTrue(e.code() == ErrorCode.CORRUPT_AUDIO, name + " header only: " + e);
            byte[] scrambled = good.clone();
            new Random(3).nextBytes(scrambled);
            System.arraycopy(good, 0, scrambled, 0, 4); // keep the magic so the codec is tried
            AsrException s = failure("scrambled-" + name, scrambled);
            assertTrue(s.code() == ErrorCode.CORRUPT_AUDIO, name + " scrambled: " + s);
        }
    }

    @Test
    void truncatedAndDamagedOpus() throws Exception {
        byte[] good = Files.readAllBytes(Speech.opus(Speech.wav("short", Speech.SHORT), "bad-speech.opus"));
        AsrException head = failure("head.opus", Arrays.copyOf(good, 40));
        assertEquals(ErrorCode.CORRUPT_AUDIO, head.code(), head.toString());
        byte[] scrambled = good.clone();
        new Random(5).nextBytes(scrambled);
        System.arraycopy(good, 0, scrambled, 0, 40); // keep the Ogg page and OpusHead magic
        AsrException s = failure("scrambled.opus", scrambled);
        assertEquals(ErrorCode.CORRUPT_AUDIO, s.code(), s.toString());
        AudioDecoder shortLimit = new AudioDecoder(new AudioLimits(10_000_000, 1_000));
        AsrException tooLong = assertThrows(AsrException.class, () -> shortLimit.decode("long.opus", good, 16_000));
        assertEquals(ErrorCode.TOO_LONG, tooLong.code());
    }

    /** Builds a canonical WAV file with the given header fields. */
    static byte[] wav(int rate, int channels, int bits, int formatTag, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) formatTag).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * Math.max(1, bits / 8)).putShort((short) (channels * Math.max(1, bits / 8)))
                .putShort((short) bits);
        b.put("data".getBytes()).putInt(data.length).put(data);
        return b.array();
    }
}
