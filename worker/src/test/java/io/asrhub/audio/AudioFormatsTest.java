package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same espeak-ng sentence in many encodings must decode to (nearly) the same 16 kHz samples
 * as the 16 kHz 16-bit WAV reference.
 */
class AudioFormatsTest {
    private static final AudioDecoder DECODER = new AudioDecoder(AudioLimits.DEFAULT);
    private static DecodedAudio reference;
    private static Path speech;

    @BeforeAll
    static void reference() throws Exception {
        speech = Speech.wav("short", Speech.SHORT);
        Path ref = Speech.sox(speech, "ref-16k.wav", "-r", "16000", "-b", "16");
        reference = DECODER.decodeFile(ref, 16_000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file name,                  sox options,                      min correlation
            "wav-8k.wav,                   -r 8000 -b 16,                    0.85",
            "wav-44k-stereo.wav,           -r 44100 -c 2,                    0.97",
            "wav-22k-8bit.wav,             -b 8 -e unsigned-integer,         0.97",
            "wav-48k-24bit.wav,            -r 48000 -b 24,                   0.97",
            "wav-32k-32bit.wav,            -r 32000 -b 32 -e signed-integer, 0.97",
            "wav-float.wav,                -e floating-point -b 32,          0.97",
            "speech.flac,                  -r 16000,                         0.97",
            "speech-44k.flac,              -r 44100 -c 2,                    0.97",
            "speech-24bit.flac,            -r 48000 -b 24,                   0.97",
            "speech-8bit.flac,             -r 16000 -b 8,                    0.90",
            "speech.mp3,                   -r 44100 -C 128,                  0.90",
            "speech.ogg,                   -r 44100 -C 5,                    0.90",
    })
    void decodesToTheSameSpeech(String name, String soxOptions, double minCorrelation) throws Exception {
        Path file = Speech.sox(speech, name, soxOptions.trim().split("\\s+"));
        DecodedAudio decoded = DECODER.decodeFile(file, 16_000);
        assertEquals(16_000, decoded.sampleRate());
        assertEquals(reference.durationMs(), decoded.durationMs(), 80, "duration of " + name);
        double correlation = bestCorrelation(reference.samples(), decoded.samples(), 1200);
        assertTrue(correlation >= minCorrelation, name + " correlation " + correlation + " < " + minCorrelation);
    }

    @org.junit.jupiter.api.Test
    void opusDecodesToTheSameSpeech() throws Exception {
        Path stereo44 = Speech.sox(speech, "opus-src-44k-stereo.wav", "-r", "44100", "-c", "2");
        for (Path file : new Path[]{Speech.opus(speech, "speech.opus"),
                Speech.opus(stereo44, "speech-stereo.opus", "--bitrate", "32")}) {
            DecodedAudio decoded = DECODER.decodeFile(file, 16_000);
            assertTrue(decoded.sourceFormat().startsWith("OGG Opus 48000 Hz"), decoded.sourceFormat());
            assertEquals(reference.durationMs(), decoded.durationMs(), 80, "duration of " + file);
            double correlation = bestCorrelation(reference.samples(), decoded.samples(), 1200);
            assertTrue(correlation >= 0.85, file + " correlation " + correlation);
        }
    }

    /** Codecs add a little delay (MP3 encoder padding), so allow a small shift before comparing. */
    static double bestCorrelation(float[] a, float[] b, int maxShift) {
        double best = -1;
        for (int shift = -maxShift; shift <= maxShift; shift += 1) {
            best = Math.max(best, correlation(a, b, shift));
        }
        return best;
    }

    private static double correlation(float[] a, float[] b, int shift) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            int j = i + shift;
            if (j < 0 || j >= b.length) {
                continue;
            }
            ab += a[i] * b[j];
            aa += a[i] * a[i];
            bb += b[j] * b[j];
        }
        return ab / Math.sqrt(aa * bb + 1e-12);
    }
}
