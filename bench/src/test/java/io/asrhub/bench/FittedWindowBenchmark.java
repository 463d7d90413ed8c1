package io.asrhub.bench;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.PoolOptions;
import io.asrhub.config.ProviderConfig;
import io.asrhub.provider.Provider;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.provider.Recognizer;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.testkit.GeneratedWhisperModel;
import io.asrhub.testsupport.Speech;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Short-clip throughput of the whisper engine with {@code providers.whisper.fitted-window} on against
 * off, through the worker's own recognizer, on the same clips and cores. Rounds alternate the two
 * settings; prints each round's ratio and the median with its spread.
 * Usage: scripts/bench FittedWindowBenchmark [ROUNDS=5] [tiny.en|base.en]
 */
public final class FittedWindowBenchmark {
    private static final String[] SENTENCES = {Speech.SHORT, "Please call Stella and ask her to bring these things.",
        "The meeting starts at nine tomorrow in the small room.", "Turn left at the second light and park behind it."};

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        GeneratedWhisperModel.Dimensions dims = GeneratedWhisperModel.Dimensions.parse(args.length > 1 ? args[1] : "tiny.en");
        Path model = GeneratedWhisperModel.cached(Path.of("target", "models"), dims);
        AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
        List<DecodedAudio> clips = new ArrayList<>();
        double seconds = 0;
        for (int i = 0; i < SENTENCES.length; i++) {
            Path wav = Speech.wav("fitted-" + i, SENTENCES[i]);
            DecodedAudio a = decoder.decode("clip-" + i, Files.readAllBytes(wav), 16_000);
            clips.add(a);
            seconds += a.durationMs() / 1000.0;
        }
        System.out.printf(Locale.ROOT, "model %s (generated, real dimensions), %d clips, %.1f s of speech, 1 thread, %d"
                + " cores%n", dims, clips.size(), seconds, Runtime.getRuntime().availableProcessors());
        try (Provider full = open(model, false); Provider fitted = open(model, true)) {
            Recognizer fullR = full.newRecognizer();
            Recognizer fittedR = fitted.newRecognizer();
            time(fullR, clips); // warm both states' buffers
            time(fittedR, clips);
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                boolean fittedFirst = r % 2 == 1;
                double a = time(fittedFirst ? fittedR : fullR, clips);
                double b = time(fittedFirst ? fullR : fittedR, clips);
                double fullMs = fittedFirst ? b : a;
                double fittedMs = fittedFirst ? a : b;
                ratios[r] = fullMs / fittedMs;
                System.out.printf(Locale.ROOT, "round %d: full window %.0f ms, fitted %.0f ms, %.2fx%n", r + 1, fullMs,
                        fittedMs, ratios[r]);
            }
            Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "short-clip throughput, fitted / full window: median %.2fx (%.2f-%.2f over %d"
                    + " rounds)%n", ratios[rounds / 2], ratios[0], ratios[rounds - 1], rounds);
            fullR.close();
            fittedR.close();
        }
    }

    private static Provider open(Path model, boolean fittedWindow) throws Exception {
        return new ProviderRegistry().open(new ProviderConfig("whisper", PoolOptions.builder().minSize(1).maxSize(1)
                .warmUp(false).build(), 1, model, Map.of("fitted-window", Boolean.toString(fittedWindow))));
    }

    private static double time(Recognizer recognizer, List<DecodedAudio> clips) throws Exception {
        long t0 = System.nanoTime();
        for (DecodedAudio clip : clips) {
            recognizer.transcribe(RecognitionRequest.of("bench", clip));
        }
        return (System.nanoTime() - t0) / 1e6;
    }
}
