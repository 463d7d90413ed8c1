package io.asrhub.worker;

import io.asrhub.audio.AudioSlice;
import io.asrhub.audio.AudioSplitter;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.audio.PcmStream;
import io.asrhub.audio.WavWriter;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceSender;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.pieces.PlannedPieces;
import io.asrhub.pieces.SplitPlan;
import io.asrhub.pieces.SplitScanner;
import io.asrhub.publish.JobOutcome;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether a job is split into pieces for the whole group (its lane is one of
 * {@code chunking.distributed} and it is longer than {@code chunking.from-ms}), and publishes them.
 *
 * <p>Streamed (where the source lends a producer outside transactions): a first pass over the audio
 * finds the cut points in a sliding window; the manifest is sent and acknowledged; a second pass
 * cuts, encodes and sends each piece as soon as it is read, at most a few unacknowledged. Memory
 * does not grow with the recording's length (for audio that decodes as a stream, see
 * {@link io.asrhub.audio.AudioDecoder#open}), and the first pieces are being recognised while the
 * rest is still being cut. The parent record's outcome is then only the first progress record.
 *
 * <p>Held (exactly-once mode, whose one producer is transactional): the pieces are built in memory
 * and returned as the outcome, published in the parent's transaction.
 *
 * <p>Either way the parent is committed only after every piece is acknowledged, so a crash before
 * that splits it again (the stitcher counts the first result of each piece and ignores repeats).
 */
final class LongJobSplitter {
    /** Room in a piece record for everything besides its audio. */
    private static final int RECORD_OVERHEAD = 64 * 1024;

    /** Opens the job's audio as a stream, once per pass. */
    @FunctionalInterface
    interface AudioOpener {
        PcmStream open() throws AsrException;
    }

    private final PieceSettings settings;
    private final AudioSplitter splitter;
    private final SplitScanner scanner;
    private final PieceRecords records;
    private final PieceSender sender;
    private final int maxMessageBytes;
    /** Splits in their second pass whose slot was given back (at most one). */
    private final AtomicInteger splitsWithoutSlot = new AtomicInteger();

    /** {@code sender}: null where pieces cannot be sent from job threads (they are then held). */
    LongJobSplitter(PieceSettings settings, WorkerSettings worker, PieceRecords records, PieceSender sender) {
        this.settings = settings;
        this.splitter = settings.chunking().splitter();
        this.scanner = new SplitScanner(settings.chunking());
        this.records = records;
        this.sender = sender;
        this.maxMessageBytes = worker.maxMessageBytes();
    }

    /** Whether {@code p} is read as a stream and split as it is read. */
    boolean streams(PendingJob p) {
        return sender != null && !p.isPiece() && settings.splits(p.lane);
    }

    /** The first pass: the cut points of a long recording, or a short one's samples. */
    SplitScanner.Scan scan(AudioOpener audio) throws AsrException {
        try (PcmStream pcm = audio.open()) {
            return scanner.scan(pcm);
        }
    }

    /**
     * The second pass: manifest, then every piece as it is cut; the outcome is the first progress
     * record. Cutting and sending recognise nothing, so the job's pool slot is given back first and
     * the pieces already sent run on it meanwhile (on 2 slots the split held one for 5-7 s of a 10-minute
     * file, a third of the run). One split per worker goes on without a slot; further ones keep theirs,
     * so concurrent splits never crowd out recognition.
     */
    JobOutcome publish(PendingJob p, SplitPlan plan, AudioOpener audio, Runnable giveBackSlot) throws AsrException {
        checkSize(PlannedPieces.longest(plan));
        boolean withoutSlot = splitsWithoutSlot.incrementAndGet() == 1;
        if (withoutSlot) {
            giveBackSlot.run();
        } else {
            splitsWithoutSlot.decrementAndGet();
        }
        try {
            return publishPieces(p, plan, audio);
        } finally {
            if (withoutSlot) {
                splitsWithoutSlot.decrementAndGet();
            }
        }
    }

    private JobOutcome publishPieces(PendingJob p, SplitPlan plan, AudioOpener audio) throws AsrException {
        String splitId = SplitIds.next();
        PieceSender split = sender.forOneSplit();
        split.sendNow(traced(p, records.manifest(p.record, p.lane, p.job, plan, splitId)));
        float[] buffer = new float[PlannedPieces.longest(plan)];
        try (PcmStream pcm = audio.open()) {
            PlannedPieces pieces = new PlannedPieces(plan, pcm, p.job.getJobId());
            for (int i = 0; i < plan.count(); i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new AsrException(ErrorCode.INTERRUPTED, "interrupted while splitting");
                }
                int length;
                try {
                    length = pieces.next(buffer);
                } catch (AsrException e) {
                    if (e.isTransient()) {
                        throw e;
                    }
                    split.awaitAll();
                    return records.pieceFailed(p.record, p.lane, p.job, plan, i, splitId, e);
                }
                split.send(traced(p, records.piece(p.record, p.lane, p.job, plan, i,
                        WavWriter.pcm16(buffer, length, plan.sampleRate()), splitId)));
            }
        }
        split.awaitAll();
        return new JobOutcome(List.of(records.started(p.job, plan, splitId)), true);
    }

    /** Records sent from the job thread bypass the outcome path that stamps the job's trace context. */
    private static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> traced(
            PendingJob p, org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record) {
        p.trace.addTo(record.headers());
        return record;
    }

    /** The held path: the pieces of {@code p}'s decoded job as the records to publish, or empty when it runs whole. */
    Optional<JobOutcome> split(PendingJob p, DecodedAudio audio) throws AsrException {
        if (p.isPiece() || !settings.splits(p.lane)) {
            return Optional.empty();
        }
        List<AudioSlice> slices = splitter.split(audio);
        if (slices.size() <= 1) {
            return Optional.empty();
        }
        checkSize(slices.stream().mapToInt(AudioSlice::length).max().orElse(0));
        return Optional.of(records.split(p.record, p.lane, p.job, audio, slices));
    }

    private void checkSize(int longestPiece) throws AsrException {
        long pieceBytes = (long) longestPiece * 2 + RECORD_OVERHEAD;
        if (pieceBytes > maxMessageBytes) {
            // Only a configuration can cause this (chunking.max-piece-ms against kafka.max-message-bytes).
            throw new AsrException(ErrorCode.CONFIG_INVALID, "a piece of " + settings.chunking().maxPieceMs()
                    + " ms needs " + pieceBytes + " bytes, more than kafka.max-message-bytes (" + maxMessageBytes
                    + "); lower chunking.max-piece-ms");
        }
    }
}
