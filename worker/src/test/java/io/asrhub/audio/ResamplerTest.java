package io.asrhub.audio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResamplerTest {
    private static float[] tone(double hz, int rate, double seconds) {
        float[] s = new float[(int) (rate * seconds)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    private static double rms(float[] s, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += s[i] * s[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    @Test
    void keepsInBandToneAmplitudeAndLength() {
        float[] out = Resampler.resample(tone(1000, 44_100, 1.0), 44_100, 16_000);
        assertEquals(16_000, out.length);
        assertEquals(0.5 / Math.sqrt(2), rms(out, 1000, 15_000), 0.01);
    }

    @Test
    void removesContentAboveTargetNyquistInsteadOfAliasingIt() {
        // 10 kHz at 44.1 kHz would fold to 6 kHz at 16 kHz if samples were simply dropped.
        float[] out = Resampler.resample(tone(10_000, 44_100, 1.0), 44_100, 16_000);
        assertTrue(rms(out, 1000, 15_000) < 0.01, "aliased energy " + rms(out, 1000, 15_000));
    }

    @Test
    void upsamplesWithoutDistortingTheTone() {
        float[] out = Resampler.resample(tone(440, 8_000, 1.0), 8_000, 16_000);
        float[] expected = tone(440, 16_000, 1.0);
        double error = 0;
        for (int i = 500; i < 15_500; i++) {
            error = Math.max(error, Math.abs(out[i] - expected[i]));
        }
        assertTrue(error < 0.01, "max deviation " + error);
    }
}
