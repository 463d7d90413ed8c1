package io.asrhub.bench;

import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.ProviderConfig;
import io.asrhub.model.ModelLocator;
import io.asrhub.config.PoolOptions;
import io.asrhub.provider.Provider;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.provider.Recognizer;
import io.asrhub.testkit.GeneratedWhisperModel;
import io.asrhub.testsupport.TinyWhisperModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resident memory of a whisper pool: one shared model plus N decoding states, against the
 * baseline of N independently loaded models (what a pool of full engines would hold).
 * Usage: scripts/bench PoolMemoryBenchmark shared|separate [MODEL|tiny.en|base.en]  (default: real model by search order, else the
 * generated tiny model, whose weights are only 4 MB and therefore show state cost only).
 */
public final class PoolMemoryBenchmark {
    public static void main(String[] args) throws Exception {
        boolean separate = args.length > 0 && args[0].equals("separate");
        // "tiny.en" / "base.en": a generated model of those dimensions (real sizes, random weights).
        Path model = args.length > 1 && args[1].endsWith(".en") && !Files.exists(Paths.get(args[1]))
                ? GeneratedWhisperModel.cached(Paths.get(System.getProperty("java.io.tmpdir")),
                        GeneratedWhisperModel.Dimensions.parse(args[1]))
                : args.length > 1 ? Paths.get(args[1])
                : new ModelLocator(System.getenv(), Paths.get("..").toAbsolutePath().normalize()).locate(null)
                .orElse(TinyWhisperModel.shared());
        System.out.printf("model %s (%.1f MB)%n", model, Files.size(model) / 1e6);
        long base = rssKb();
        List<Provider> providers = new ArrayList<>();
        List<Recognizer> slots = new ArrayList<>();
        float[] audio = new float[16_000 * 5];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) (0.2 * Math.sin(i * 0.05));
        }
        long afterModel = 0;
        System.out.println(separate ? "mode: one model load per slot (baseline)" : "mode: one shared model, one state per slot");
        System.out.println("slots  RSS MB  added MB");
        long previous = base;
        for (int n = 1; n <= 4; n++) {
            if (separate || providers.isEmpty()) {
                providers.add(new ProviderRegistry().open(new ProviderConfig("whisper",
                        PoolOptions.builder().minSize(1).maxSize(4).build(), 1, model, Map.of())));
                if (afterModel == 0) {
                    afterModel = rssKb();
                }
            }
            Recognizer r = providers.get(providers.size() - 1).newRecognizer();
            r.transcribe(RecognitionRequest.of("bench", new DecodedAudio(audio, 16_000, "bench")));
            slots.add(r);
            long now = rssKb();
            System.out.printf("%5d  %6.0f  %8.0f%n", n, (now - base) / 1024.0, (now - previous) / 1024.0);
            previous = now;
        }
        System.out.printf("model load alone: %.0f MB%n", (afterModel - base) / 1024.0);
        slots.forEach(Recognizer::close);
        providers.forEach(Provider::close);
    }

    static long rssKb() throws Exception {
        System.gc();
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }
}
