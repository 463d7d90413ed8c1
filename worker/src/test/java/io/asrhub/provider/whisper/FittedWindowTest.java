package io.asrhub.provider.whisper;

import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.PoolOptions;
import io.asrhub.config.ProviderConfig;
import io.asrhub.provider.Provider;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.provider.Recognizer;
import io.asrhub.provider.Transcript;
import io.asrhub.testsupport.TinyWhisperModel;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code providers.whisper.fitted-window}: the encoder window handed to whisper.cpp, and real runs with it. */
class FittedWindowTest {
    @Test
    void theWindowCoversTheAudioPlusAMarginAndIsTheFullDefaultFromThirtySeconds() {
        assertEquals(50 * 5 + EncoderWindow.MARGIN_FRAMES, EncoderWindow.fitted(16_000 * 5), "5 s");
        assertEquals(EncoderWindow.MIN_FRAMES, EncoderWindow.fitted(1_600), "0.1 s gets the floor");
        assertEquals(1499, EncoderWindow.fitted(16_000 * 30 - 16_000 * 33 / 50), "just under the full window");
        assertEquals(0, EncoderWindow.fitted(16_000 * 30), "30 s: whisper's default full window");
        assertEquals(0, EncoderWindow.fitted(16_000 * 90), "longer audio is encoded window by window, in full");
    }

    @Test
    void whisperCppRunsShortMediumAndLongAudioWithTheFittedWindow() throws Exception {
        ProviderConfig config = new ProviderConfig("whisper", PoolOptions.builder().minSize(1).maxSize(1).warmUp(false)
                .build(), 1, TinyWhisperModel.shared(), Map.of("fitted-window", "true"));
        try (Provider provider = new ProviderRegistry().open(config); Recognizer r = provider.newRecognizer()) {
            for (double seconds : new double[]{0.5, 5, 29.5, 45}) {
                float[] samples = new float[(int) (16_000 * seconds)];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = (float) (0.3 * Math.sin(i * 0.07) * Math.sin(i * 0.0003));
                }
                Transcript t = r.transcribe(RecognitionRequest.of("clip-" + seconds,
                        new DecodedAudio(samples, 16_000, "test")));
                assertNotNull(t.text());
                long durationMs = (long) (seconds * 1000);
                assertTrue(t.segments().stream().allMatch(s -> s.endMs() <= durationMs),
                        seconds + " s: segments within the audio");
            }
        }
    }
}
