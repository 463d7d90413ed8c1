package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.testsupport.HostileAudio;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-input corpus against the decoder alone: every payload gets its expected outcome,
 * quickly (a damaged file must fail long before the 120 s watchdog), with a message that names
 * the input and quotes neither its bytes nor a codec library's internals.
 */
class HostileAudioCorpusTest {
    private static final AudioLimits LIMITS = new AudioLimits(AudioLimits.DEFAULT.maxBytes(), HostileAudio.MAX_DURATION_MS);
    private final AudioDecoder decoder = new AudioDecoder(LIMITS);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void syntheticCorpus() {
        check(HostileAudio.synthetic());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void encodedCorpus() throws Exception {
        Speech.requireTool("sox");
        check(HostileAudio.encoded());
    }

    private void check(List<HostileAudio.Case> cases) {
        List<String> wrong = new ArrayList<>();
        for (HostileAudio.Case c : cases) {
            long start = System.nanoTime();
            ErrorCode got = null;
            String message = "";
            try {
                decoder.decode(c.name(), c.data(), 16_000);
            } catch (AsrException e) {
                got = e.code();
                message = e.getMessage();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (got != c.expected()) {
                wrong.add(c + " but got " + got + ": " + message);
            }
            if (got != null && (!message.startsWith(c.name() + ":") || message.contains("Exception")
                    || message.contains("root:x") || message.contains("\"ptr\""))) {
                wrong.add(c.name() + ": message leaks internals or content: " + message);
            }
            if (ms > 10_000) {
                wrong.add(c.name() + " took " + ms + " ms");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void truncationMessagesNameDeclaredAndPresentLength() {
        HostileAudio.Case fiveSeconds = HostileAudio.synthetic().stream()
                .filter(c -> c.name().equals("wav-declares-5s-holds-0.07s")).findFirst().orElseThrow();
        AsrException e = org.junit.jupiter.api.Assertions.assertThrows(AsrException.class,
                () -> decoder.decode("cut.wav", fiveSeconds.data(), 16_000));
        assertEquals(ErrorCode.TRUNCATED_AUDIO, e.code());
        assertTrue(e.getMessage().contains("5.00 s") && e.getMessage().contains("0.07 s"), e.getMessage());
        assertFalse(e.isTransient());
    }

    @Test
    void acceptTruncatedTranscribesTheFragmentFlagged() throws Exception {
        AudioDecoder lenient = new AudioDecoder(LIMITS.withAcceptTruncated(true));
        byte[] fragment = HostileAudio.wav(16_000, 1, 16, 1, HostileAudio.tone(16_000, 0.5), 16_000 * 2 * 5);
        DecodedAudio audio = lenient.decode("cut.wav", fragment, 16_000);
        assertTrue(audio.truncated());
        assertEquals(500, audio.durationMs(), 5);
        DecodedAudio whole = lenient.decode("whole.wav", HostileAudio.wav(16_000, 1, 16, 1,
                HostileAudio.tone(16_000, 0.5), 16_000), 16_000);
        assertFalse(whole.truncated());

        Speech.requireTool("sox");
        byte[] flac = Files.readAllBytes(Speech.sox(Speech.wav("short", Speech.SHORT), "hostile-24bit.flac", "-r",
                "16000", "-b", "24"));
        DecodedAudio half = lenient.decode("half.flac", Arrays.copyOf(flac, flac.length / 2), 16_000);
        assertTrue(half.truncated());
    }

    @Test
    void twentyFourBitFlacMatchesSixteenBit() throws Exception {
        Speech.requireTool("sox");
        Path speech = Speech.wav("short", Speech.SHORT);
        DecodedAudio b16 = decoder.decodeFile(Speech.sox(speech, "hostile-16bit.flac", "-r", "16000", "-b", "16"), 16_000);
        DecodedAudio b24 = decoder.decodeFile(Speech.sox(speech, "hostile-24bit.flac", "-r", "16000", "-b", "24"), 16_000);
        assertEquals(b16.samples().length, b24.samples().length);
        double maxDiff = 0;
        for (int i = 0; i < b16.samples().length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(b16.samples()[i] - b24.samples()[i]));
        }
        assertTrue(maxDiff < 0.01, "24-bit decodes to the same signal, max difference " + maxDiff);
        assertTrue(b24.sourceFormat().contains("24-bit"), b24.sourceFormat());
    }

    @Test
    void aFlacWithoutLengthStopsAtTheDurationLimitNotAtTheHeap() throws Exception {
        Speech.requireTool("sox");
        byte[] flac = Files.readAllBytes(HostileAudio.longFlac());
        AudioDecoder oneSecond = new AudioDecoder(new AudioLimits(10_000_000, 1_000));
        AsrException e = org.junit.jupiter.api.Assertions.assertThrows(AsrException.class,
                () -> oneSecond.decode("endless.flac", HostileAudio.withoutTotalSamples(flac), 16_000));
        assertEquals(ErrorCode.TOO_LONG, e.code());
    }

    @Test
    void decoderThreadsCannotWriteToStdout() throws Exception {
        io.asrhub.testsupport.ConsoleCapture console = new io.asrhub.testsupport.ConsoleCapture();
        console.call(() -> {
            StdoutGuard.silenced(() -> {
                System.out.println("readResidual elsecase, pEsc = 15");
                return null;
            });
            System.out.println("application output");
            for (int seed = 0; seed < 5; seed++) {
                decodeQuietly("damaged-" + seed + ".flac", damagedFlac(seed));
            }
            return null;
        });
        assertEquals("application output" + System.lineSeparator(), console.out());
    }

    private byte[] damagedFlac(int seed) throws Exception {
        if (!Speech.hasTool("sox")) {
            return new byte[]{'f', 'L', 'a', 'C'};
        }
        byte[] flac = Files.readAllBytes(Speech.sox(Speech.wav("short", Speech.SHORT), "hostile-24bit.flac", "-r",
                "16000", "-b", "24"));
        byte[] out = flac.clone();
        java.util.Random random = new java.util.Random(seed);
        // Flip one byte in every 64 of the audio: frames stay findable but their contents are wrong.
        for (int i = HostileAudio.flacAudioStart(flac) + 16; i < out.length; i += 64) {
            out[i] = (byte) random.nextInt();
        }
        return out;
    }

    private void decodeQuietly(String name, byte[] data) {
        try {
            decoder.decode(name, data, 16_000);
        } catch (AsrException e) {
            // the outcome is checked in the corpus tests; here only the output matters
        }
    }
}
