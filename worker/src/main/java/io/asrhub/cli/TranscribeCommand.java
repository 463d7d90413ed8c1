package io.asrhub.cli;

import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.recognition.ChunkedRecognition;
import io.asrhub.recognition.ChunkingSettings;
import io.asrhub.recognition.RecognitionRuntime;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.recognition.Transcription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Transcribes local files through the provider pool, concurrently when the pool allows. */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = "Transcribe audio files (WAV, FLAC, MP3, OGG Vorbis, Opus) and print one transcript per file.")
final class TranscribeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "audio files")
    List<Path> files;

    @Mixin
    RecognitionOptions recognition = new RecognitionOptions();

    @Option(names = "--format", defaultValue = "text", description = "text, json, srt or vtt (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    @Option(names = {"--quiet", "-q"}, description = "do not report each file's duration on stderr before recognition")
    boolean quiet;

    @Option(names = "--no-chunking", description = "recognise each file whole instead of splitting long files into "
            + "pieces that run in parallel on the pool (see chunking.* in docs/configuration.md)")
    boolean noChunking;

    @Override
    public Integer call() throws AsrException {
        Settings settings = recognition.settings();
        ProviderConfig config = recognition.providerConfig(settings);
        if (recognition.pool == null) {
            // Without --pool, one slot per file up to the configured maximum: no idle warm-ups.
            int size = Math.min(files.size(), config.pool().maxSize());
            config = config.withPool(config.pool().toBuilder().minSize(size).maxSize(size).build());
        }
        ChunkingSettings chunking = ChunkingSettings.read(settings); // environment already applied
        if (noChunking) {
            chunking = chunking.withEnabled(false);
        }
        try (RecognitionService service = RecognitionRuntime.start(recognition.providerName(settings), config,
                settings, new SimpleMeterRegistry());
             ChunkedRecognition chunked = new ChunkedRecognition(service, chunking)) {
            return transcribeAll(service, chunked);
        }
    }

    /** Decodes first so the real duration is reported before the file waits for a slot. */
    private Transcription decodeThenRecognise(RecognitionService service, ChunkedRecognition chunked, Path file)
            throws AsrException {
        DecodedAudio audio = service.decodeFile(file);
        if (!quiet) {
            System.err.printf("%s: %.1f s of %s, recognising%n", file, audio.durationMs() / 1000.0, audio.sourceFormat());
        }
        return chunked.recognise(file.toString(), audio, recognition.language);
    }

    private int transcribeAll(RecognitionService service, ChunkedRecognition chunked) {
        ExecutorService callers = Executors.newFixedThreadPool(Math.min(files.size(), 64));
        try {
            List<Future<Transcription>> pending = new ArrayList<>();
            for (Path file : files) {
                pending.add(callers.submit(() -> decodeThenRecognise(service, chunked, file)));
            }
            int failures = 0;
            for (int i = 0; i < files.size(); i++) {
                try {
                    System.out.println(TranscriptionFormatter.format(pending.get(i).get(), format));
                } catch (java.util.concurrent.ExecutionException e) {
                    failures++;
                    Throwable cause = e.getCause();
                    String message = cause instanceof AsrException asr ? asr.code() + ": " + asr.getMessage()
                            : files.get(i) + ": " + cause;
                    System.err.println("error: " + message);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ExitCodes.SOME_FAILED;
                }
                System.out.flush();
            }
            return failures == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
        } finally {
            callers.shutdownNow();
        }
    }
}
