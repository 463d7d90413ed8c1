package io.asrhub.bench;

import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.ProviderConfig;
import io.asrhub.model.ModelLocator;
import io.asrhub.pool.Lease;
import io.asrhub.config.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.testsupport.TinyWhisperModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;

/**
 * First-request latency with and without pool warm-up, against the median of the following
 * requests. Usage: scripts/bench WarmUpBenchmark [MODEL]
 */
public final class WarmUpBenchmark {
    public static void main(String[] args) throws Exception {
        Path model = args.length > 0 ? Paths.get(args[0])
                : new ModelLocator(System.getenv(), Paths.get("..").toAbsolutePath().normalize()).locate(null)
                .orElse(TinyWhisperModel.shared());
        System.out.println("model " + model);
        for (boolean warm : new boolean[]{false, true}) {
            double[] t = run(model, warm);
            double[] rest = Arrays.copyOfRange(t, 1, t.length);
            Arrays.sort(rest);
            double median = rest[rest.length / 2];
            System.out.printf("warm-up %-5s first request %6.0f ms, median of next %d %6.0f ms, ratio %.2f%n", warm,
                    t[0], rest.length, median, t[0] / median);
        }
    }

    private static double[] run(Path model, boolean warmUp) throws Exception {
        ProviderConfig config = new ProviderConfig("whisper", PoolOptions.builder().minSize(1).maxSize(1)
                .warmUp(warmUp).build(), 1, model, Map.of());
        float[] audio = new float[16_000 * 5];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) (0.2 * Math.sin(i * 0.05));
        }
        double[] times = new double[6];
        try (RecognizerPool pool = RecognizerPool.start("bench", new ProviderRegistry().open(config), config.pool(),
                new SimpleMeterRegistry())) {
            for (int i = 0; i < times.length; i++) {
                long start = System.nanoTime();
                try (Lease lease = pool.acquire()) {
                    lease.recognizer().transcribe(RecognitionRequest.of("bench", new DecodedAudio(audio, 16_000, "b")));
                }
                times[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        return times;
    }
}
