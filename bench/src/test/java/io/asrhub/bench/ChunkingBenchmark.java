package io.asrhub.bench;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.recognition.ChunkedRecognition;
import io.asrhub.recognition.ChunkingSettings;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.recognition.Transcription;
import io.asrhub.testkit.GeneratedWhisperModel;
import io.asrhub.testsupport.LongSpeech;
import io.asrhub.testsupport.TinyWhisperModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * One 10-minute recording through a pool of 2 whisper slots (1 CPU thread each), in process through
 * RecognitionService: whole (one slot busy, the other idle) against split into pieces running on both
 * slots. Prints each completion time (median of the rounds) and the ratio.
 *
 * <p>The model is generated with whisper tiny.en's real dimensions (state 384, 6 heads, 4 layers), so
 * the encoder — the cost of every 30 s window — is as expensive as tiny.en's; its words are meaningless.
 * Pass a model file to use a real one instead.
 * Usage: scripts/bench ChunkingBenchmark [ROUNDS] [MODEL]
 */
public final class ChunkingBenchmark {
    private static final int SLOTS = 2;
    private static final int THREADS_PER_SLOT = 1;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Path model = args.length > 1 ? Paths.get(args[1]) : tinyEnDimensionsModel();
        LongSpeech.Recording recording = LongSpeech.atLeastSeconds(600);
        DecodedAudio audio = new AudioDecoder(AudioLimits.DEFAULT).decodeFile(recording.wav(), 16_000);
        System.out.printf("model %s, %d cores, pool %d x %d thread, recording %.1f s%n", model,
                Runtime.getRuntime().availableProcessors(), SLOTS, THREADS_PER_SLOT, audio.durationMs() / 1000.0);

        ProviderConfig config = new ProviderConfig("whisper", PoolOptions.builder().minSize(SLOTS).maxSize(SLOTS)
                .acquireTimeout(Duration.ofMinutes(30)).build(), THREADS_PER_SLOT, model, Map.of());
        try (RecognitionService service = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT),
                RecognizerPool.start("whisper", new ProviderRegistry().open(config), config.pool(),
                        new SimpleMeterRegistry()));
             ChunkedRecognition whole = new ChunkedRecognition(service, ChunkingSettings.DEFAULT.withEnabled(false));
             ChunkedRecognition chunked = new ChunkedRecognition(service, ChunkingSettings.DEFAULT)) {
            double[] wholeMs = new double[rounds];
            double[] chunkedMs = new double[rounds];
            for (int round = 0; round < rounds; round++) { // alternate so drift affects both alike
                wholeMs[round] = time(whole, audio, "whole", round);
                chunkedMs[round] = time(chunked, audio, "chunked", round);
            }
            double w = median(wholeMs);
            double c = median(chunkedMs);
            System.out.printf("10-minute recording, pool of %d, median of %d rounds:%n", SLOTS, rounds);
            System.out.printf("  whole (unchunked):   %8.0f ms  (RTF %.3f)%n", w, w / audio.durationMs());
            System.out.printf("  chunked:             %8.0f ms  (RTF %.3f)%n", c, c / audio.durationMs());
            System.out.printf("  ratio whole/chunked: %8.2fx%n", w / c);
        }
    }

    private static double time(ChunkedRecognition recognition, DecodedAudio audio, String label, int round)
            throws Exception {
        long start = System.nanoTime();
        Transcription t = recognition.recognise("long", audio, null);
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("  round %d %-8s %8.0f ms, %2d pieces, %3d segments%n", round + 1, label, ms, t.pieces(),
                t.transcript().segments().size());
        return ms;
    }

    private static Path tinyEnDimensionsModel() throws Exception {
        Path file = Paths.get("target", "models", "generated-tiny-en-dims.bin");
        if (!Files.exists(file)) {
            Path partial = Paths.get(file + ".part");
            GeneratedWhisperModel.write(partial, 20240611L,
                    GeneratedWhisperModel.Dimensions.TINY_EN);
            Files.move(partial, file);
        }
        return file;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
