package io.asrhub.provider;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;
import io.asrhub.eval.WordErrorRate;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.recognition.Transcription;
import io.asrhub.testsupport.RealModel;
import io.asrhub.testsupport.Speech;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Word error rate with a real whisper model; skipped with a message when none is installed. */
class WhisperRealModelTest {
    private static RecognitionService service;

    /** Per test, not @BeforeAll, so each test is reported as skipped (with the reason) without a model. */
    @BeforeEach
    void start() throws Exception {
        Path model = RealModel.require();
        if (service != null) {
            return;
        }
        Provider provider = new ProviderRegistry().open(WhisperProviderTest.config(model, 1));
        RecognizerPool pool = RecognizerPool.start("whisper", provider, WhisperProviderTest.config(model, 1).pool(),
                new SimpleMeterRegistry());
        service = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT), pool);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @org.junit.jupiter.api.Test
    void opusWithinBound() throws Exception {
        Path opus = Speech.opus(Speech.wav("short", Speech.SHORT), "wer.opus");
        Transcription t = service.transcribeFile(opus, null);
        assertTrue(WordErrorRate.of(Speech.SHORT, t.transcript().text()) <= 0.15, t.transcript().text());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "short,  short.wav,       ''",
            "medium, medium.wav,      ''",
            "short,  wer-8k.wav,      -r 8000",
            "short,  wer-44k-st.wav,  -r 44100 -c 2",
            "short,  wer.flac,        -r 16000",
            "short,  wer.mp3,         -r 44100",
            "short,  wer.ogg,         -r 44100",
    })
    void wordErrorRateWithinBound(String clip, String file, String soxOptions) throws Exception {
        String text = clip.equals("short") ? Speech.SHORT : Speech.MEDIUM;
        Path wav = Speech.wav(clip, text);
        Path input = soxOptions.isBlank() ? wav : Speech.sox(wav, file, soxOptions.trim().split("\\s+"));
        Transcription t = service.transcribeFile(input, null);
        double wer = WordErrorRate.of(text, t.transcript().text());
        System.out.printf("WER %s (%s): %.3f, RTF %.3f: %s%n", clip, file, wer, t.realTimeFactor(),
                t.transcript().text());
        assertTrue(wer <= 0.15, "WER " + wer + " for " + file + ": " + t.transcript().text());
    }
}
