package io.asrhub.bench;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.ProviderConfig;
import io.asrhub.errors.AsrException;
import io.asrhub.config.PoolOptions;
import io.asrhub.provider.Provider;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.provider.Recognizer;

import java.nio.file.Path;
import java.util.Map;

/** asr-hub's own whisper provider, as the lock, priority, pool and process strategies use it. */
final class AsrHubEngine {
    private AsrHubEngine() {
    }

    /** Loads the model once; every {@link Provider#newRecognizer()} adds a decoding state using {@code threads}. */
    static Provider open(Path model, int threads, int slots) throws AsrException {
        PoolOptions pool = PoolOptions.builder().minSize(slots).maxSize(slots).build();
        return new ProviderRegistry().open(new ProviderConfig("whisper", pool, threads, model,
                Map.of("language", "en")));
    }

    static String transcribe(Recognizer recognizer, BenchJob job, float[] audio) throws AsrException {
        DecodedAudio decoded = new DecodedAudio(audio, AudioDecoder.WHISPER_SAMPLE_RATE, "wav");
        return recognizer.transcribe(RecognitionRequest.of("job-" + job.id(), decoded)).text();
    }
}
