package io.asrhub.bench.eval;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.PoolOptions;
import io.asrhub.config.ProviderConfig;
import io.asrhub.errors.AsrException;
import io.asrhub.eval.WordErrorRate;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.recognition.ChunkedRecognition;
import io.asrhub.recognition.ChunkingSettings;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.recognition.Transcription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Transcribes every recording of each corpus with whisper in four variants — whole or in pieces (the
 * splitting {@code transcribe} and the worker use, {@link ChunkingSettings#DEFAULT}), each with the full
 * 30 s encoder window or with {@code providers.whisper.fitted-window} — and sums word errors per variant.
 */
public final class AccuracyHarness {
    /** How a recording is recognised. */
    public enum Variant {
        WHOLE_FULL("whole, full window", false, false),
        WHOLE_FITTED("whole, fitted window", false, true),
        PIECES_FULL("pieces, full window", true, false),
        PIECES_FITTED("pieces, fitted window", true, true);

        public final String label;
        final boolean pieces;
        final boolean fittedWindow;

        Variant(String label, boolean pieces, boolean fittedWindow) {
            this.label = label;
            this.pieces = pieces;
            this.fittedWindow = fittedWindow;
        }
    }

    /**
     * One variant over one corpus: corpus-level WER = summed errors / summed reference words.
     * {@code hypotheses} are in the corpus's order.
     */
    public record Row(String corpus, Variant variant, int files, int referenceWords, int errors, int pieces,
                      double audioSeconds, double seconds, List<String> hypotheses) {
        public double wer() {
            return referenceWords == 0 ? 0 : errors / (double) referenceWords;
        }
    }

    private final Path model;
    private final int slots;
    private final int threads;
    private final PrintStream progress;

    public AccuracyHarness(Path model, int slots, int threads, PrintStream progress) {
        this.model = model;
        this.slots = slots;
        this.threads = threads;
        this.progress = progress;
    }

    public List<Row> run(List<EvalCorpus> corpora) throws AsrException {
        AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
        List<List<DecodedAudio>> audio = new ArrayList<>();
        for (EvalCorpus corpus : corpora) {
            List<DecodedAudio> decoded = new ArrayList<>();
            for (EvalCorpus.Item item : corpus.items()) {
                decoded.add(decoder.decodeFile(item.audio(), 16_000));
            }
            audio.add(decoded);
        }
        List<Row> rows = new ArrayList<>();
        for (boolean fitted : new boolean[] {false, true}) {
            try (RecognitionService service = open(fitted);
                 ChunkedRecognition whole = new ChunkedRecognition(service, ChunkingSettings.DEFAULT.withEnabled(false));
                 ChunkedRecognition pieces = new ChunkedRecognition(service, ChunkingSettings.DEFAULT)) {
                for (Variant v : Variant.values()) {
                    if (v.fittedWindow == fitted) {
                        for (int c = 0; c < corpora.size(); c++) {
                            rows.add(measure(corpora.get(c), audio.get(c), v, v.pieces ? pieces : whole));
                        }
                    }
                }
            }
        }
        rows.sort(java.util.Comparator.comparing(Row::corpus).thenComparing(Row::variant));
        return rows;
    }

    private Row measure(EvalCorpus corpus, List<DecodedAudio> audio, Variant variant, ChunkedRecognition recognition)
            throws AsrException {
        int words = 0;
        int errors = 0;
        int pieces = 0;
        double audioSeconds = 0;
        long start = System.nanoTime();
        List<String> hypotheses = new ArrayList<>();
        for (int i = 0; i < audio.size(); i++) {
            EvalCorpus.Item item = corpus.items().get(i);
            Transcription t = recognition.recognise(item.id(), audio.get(i), null);
            String hypothesis = t.transcript().text();
            hypotheses.add(hypothesis);
            words += WordErrorRate.referenceWords(item.reference());
            errors += WordErrorRate.errors(item.reference(), hypothesis);
            pieces += Math.max(1, t.pieces());
            audioSeconds += audio.get(i).durationMs() / 1000.0;
            progress.printf("%s / %s / %s: %s%n", corpus.name(), variant.label, item.id(), hypothesis.strip());
        }
        return new Row(corpus.name(), variant, audio.size(), words, errors, pieces, audioSeconds,
                (System.nanoTime() - start) / 1e9, List.copyOf(hypotheses));
    }

    private RecognitionService open(boolean fittedWindow) throws AsrException {
        ProviderConfig config = new ProviderConfig("whisper", PoolOptions.builder().minSize(slots).maxSize(slots)
                .acquireTimeout(Duration.ofMinutes(30)).build(), threads, model,
                Map.of("fitted-window", Boolean.toString(fittedWindow)));
        return new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT),
                RecognizerPool.start("whisper", new ProviderRegistry().open(config), config.pool(), new SimpleMeterRegistry()));
    }
}
