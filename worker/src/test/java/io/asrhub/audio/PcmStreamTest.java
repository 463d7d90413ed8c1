package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.testsupport.HostileAudio;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Audio read as a stream ({@link AudioDecoder#open}) is the audio decoded whole: the same samples
 * (WAV and FLAC at every layout, resampled as they are read) and the same refusals (the hostile corpus).
 */
class PcmStreamTest {
    private static final AudioDecoder DECODER = new AudioDecoder(AudioLimits.DEFAULT);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "stream-16k.wav,             -r 16000 -b 16",
            "stream-8k.wav,              -r 8000 -b 16",
            "stream-44k-stereo.wav,      -r 44100 -c 2",
            "stream-22k-8bit.wav,        -b 8 -e unsigned-integer",
            "stream-48k-24bit.wav,       -r 48000 -b 24",
            "stream-float.wav,           -e floating-point -b 32",
            "stream-16k.flac,            -r 16000",
            "stream-44k-stereo.flac,     -r 44100 -c 2",
            "stream-48k-24bit.flac,      -r 48000 -b 24",
    })
    void aStreamGivesExactlyTheSamplesOfTheWholeDecode(String name, String soxOptions) throws Exception {
        Path speech = Speech.wav("short", Speech.SHORT);
        byte[] data = Files.readAllBytes(Speech.sox(speech, name, soxOptions.trim().split("\\s+")));
        DecodedAudio whole = DECODER.decode(name, data, 16_000);
        try (PcmStream stream = DECODER.open(name, new ByteArrayInputStream(data), 16_000)) {
            assertEquals(16_000, stream.sampleRate());
            assertArrayEquals(whole.samples(), drain(stream, 777), name);
            assertEquals(whole.sourceFormat(), stream.sourceFormat());
            assertFalse(stream.truncated());
        }
    }

    @Test
    void hostileWavAndFlacAreRefusedAsWhenDecodedWhole() throws Exception {
        List<HostileAudio.Case> cases = new ArrayList<>(HostileAudio.synthetic());
        cases.addAll(HostileAudio.encoded());
        AudioLimits limits = new AudioLimits(AudioLimits.DEFAULT.maxBytes(), HostileAudio.MAX_DURATION_MS);
        AudioDecoder decoder = new AudioDecoder(limits);
        int checked = 0;
        for (HostileAudio.Case c : cases) {
            AudioContainer container = AudioContainer.sniff(java.util.Arrays.copyOf(c.data(),
                    Math.min(300, c.data().length)));
            if (container != AudioContainer.WAV && container != AudioContainer.FLAC) {
                continue;
            }
            checked++;
            ErrorCode whole = outcome(() -> decoder.decode(c.name(), c.data(), 16_000).samples());
            ErrorCode streamed = outcome(() -> {
                try (PcmStream s = decoder.open(c.name(), new ByteArrayInputStream(c.data()), 16_000)) {
                    // As the worker does with a recording read whole from a stream (too short to split).
                    return AudioDecoder.checked(c.name(), new DecodedAudio(drain(s, 4096), 16_000, s.sourceFormat()));
                }
            });
            assertEquals(whole, streamed, c.name());
        }
        assertTrue(checked >= 5, "WAV and FLAC cases in the corpus: " + checked);
    }

    @Test
    void theDurationLimitOfAStreamIsItsOwn() throws Exception {
        Path speech = Speech.wav("short", Speech.SHORT); // about 4 s
        byte[] data = Files.readAllBytes(speech);
        AudioDecoder strict = new AudioDecoder(new AudioLimits(10, 1_000, false, 2_000)); // 10 bytes, 1 s whole
        AsrException e = assertThrows(AsrException.class, () -> {
            try (PcmStream s = strict.open("long.wav", new ByteArrayInputStream(data), 16_000)) {
                drain(s, 4096);
            }
        });
        assertEquals(ErrorCode.TOO_LONG, e.code(), "over 2 s read as a stream; the byte limit does not apply");
        AudioDecoder roomy = new AudioDecoder(new AudioLimits(10, 1_000, false, 60_000));
        try (PcmStream s = roomy.open("long.wav", new ByteArrayInputStream(data), 16_000)) {
            assertTrue(drain(s, 4096).length > 16_000 * 2);
        }
    }

    private static float[] drain(PcmStream stream, int block) throws AsrException {
        float[] all = new float[0];
        float[] buffer = new float[block];
        int n;
        while ((n = stream.read(buffer, 0, block)) >= 0) {
            all = java.util.Arrays.copyOf(all, all.length + n);
            System.arraycopy(buffer, 0, all, all.length - n, n);
        }
        return all;
    }

    private static ErrorCode outcome(Attempt attempt) throws Exception {
        try {
            attempt.run();
            return null;
        } catch (AsrException e) {
            return e.code();
        }
    }

    @FunctionalInterface
    private interface Attempt {
        Object run() throws Exception;
    }
}
