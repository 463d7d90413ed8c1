package io.asrhub.recognition;

import io.asrhub.audio.AudioSlice;
import io.asrhub.audio.AudioSplitter;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.Transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recognises a long recording as pieces running concurrently on the pool's slots, then stitches
 * them in order. One long file then uses every slot instead of one.
 *
 * <p>Pieces wait for a slot in a small executor with one thread per pool slot, so at most one
 * standalone copy of a piece (needed by engines without offset support) exists per busy slot; the
 * recording itself is shared by all pieces. The stitched result's {@code waitMs} is the first
 * piece's wait for a slot, {@code processingMs} the wall time from then until the last piece was done.
 */
public final class ChunkedRecognition implements AutoCloseable {
    private final RecognitionService service;
    private final ChunkingSettings settings;
    private final AudioSplitter splitter;
    private final ExecutorService pieceRunners;

    public ChunkedRecognition(RecognitionService service, ChunkingSettings settings) {
        this.service = service;
        this.settings = settings;
        this.splitter = settings.splitter();
        this.pieceRunners = Executors.newFixedThreadPool(service.pool().options().maxSize(), daemonThreads());
    }

    public ChunkingSettings settings() {
        return settings;
    }

    public Transcription recognise(String source, DecodedAudio audio, String language) throws AsrException {
        List<AudioSlice> pieces = settings.enabled() ? splitter.split(audio) : List.of();
        if (pieces.size() <= 1) {
            return service.recognise(source, audio, language);
        }
        long start = System.nanoTime();
        List<Future<Transcription>> running = new ArrayList<>(pieces.size());
        for (AudioSlice piece : pieces) {
            String name = source + "#" + (piece.index() + 1);
            running.add(pieceRunners.submit(() -> service.recognise(name, piece.toDecodedAudio(), language)));
        }
        List<Transcript> transcripts = new ArrayList<>(pieces.size());
        long firstWaitMs = 0;
        try {
            for (int i = 0; i < pieces.size(); i++) {
                Transcription t = awaitPiece(source, pieces, i, running.get(i));
                firstWaitMs = i == 0 ? t.waitMs() : firstWaitMs;
                transcripts.add(t.transcript());
            }
        } finally {
            running.forEach(f -> f.cancel(true)); // no-op for finished pieces; stops the rest after a failure
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        Transcript stitched = TranscriptJoiner.stitch(pieces, transcripts);
        return new Transcription(source, stitched, service.pool().provider().name(),
                service.pool().provider().modelName(), audio.sourceFormat(), audio.durationMs(), firstWaitMs,
                Math.max(0, elapsedMs - firstWaitMs), pieces.size(), audio.truncated());
    }

    /** A failed piece fails the recording, naming the piece and its time range. */
    private static Transcription awaitPiece(String source, List<AudioSlice> pieces, int i, Future<Transcription> f)
            throws AsrException {
        String where = source + ": " + pieces.get(i).describe(pieces.size());
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsrException(ErrorCode.INTERRUPTED, where + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AsrException asr) {
                throw new AsrException(asr.code(), where + ": " + asr.getMessage(), asr);
            }
            throw new AsrException(ErrorCode.PROVIDER_FAILED, where + ": " + cause, cause);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "piece-runner-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        pieceRunners.shutdownNow();
    }
}
