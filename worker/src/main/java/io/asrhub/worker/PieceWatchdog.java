package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.publish.Completion;
import io.asrhub.publish.JobOutcome;
import io.asrhub.publish.ResultPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bounds the time a piece can hold up its job ({@code chunking.piece-timeout-ms}). A native
 * recognition cannot be interrupted, so a run past the timeout is not stopped: the piece is
 * published again (attempt + 1) for any free slot in the group, and its record counts as finished,
 * so the partition's commits move on. Whatever the late run produces is dropped; the stitcher
 * keeps the first result of each piece anyway. After {@code worker.max-attempts} dispatches the
 * piece fails for good with PIECE_TIMEOUT, which fails its job naming the piece. The stuck run
 * keeps its slot until the engine returns, so capacity shrinks while it lasts
 * ({@code asr.pieces.timed_out} shows it). Runs on the poll thread.
 */
final class PieceWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(PieceWatchdog.class);

    private final Duration timeout;
    private final int maxDispatches;
    private final Dispatcher dispatcher;
    private final JobSource source;
    private final ResultPublisher publisher;
    private final PieceHandling pieces;

    PieceWatchdog(Duration timeout, int maxDispatches, Dispatcher dispatcher, JobSource source,
                  ResultPublisher publisher, PieceHandling pieces) {
        this.timeout = timeout;
        this.maxDispatches = maxDispatches;
        this.dispatcher = dispatcher;
        this.source = source;
        this.publisher = publisher;
        this.pieces = pieces;
    }

    void check(long nowNanos) {
        if (timeout.isZero() || pieces == null) {
            return;
        }
        List<Completion> batch = new ArrayList<>();
        for (Map.Entry<PendingJob, Long> e : dispatcher.pieceStarts().entrySet()) {
            PendingJob p = e.getKey();
            if (p.timedOut || nowNanos - e.getValue() < timeout.toNanos() || !source.isCurrent(p.partition, p.epoch, p.offset())) {
                continue;
            }
            try (io.asrhub.logging.JobLog ignored = p.log(p.provider)) {
                batch.add(p.complete(timedOut(p)));
            }
        }
        if (!batch.isEmpty()) {
            publisher.publish(batch);
        }
    }

    /** Marks {@code p}'s run as past the timeout: the piece again for another slot, or its failure. */
    private JobOutcome timedOut(PendingJob p) {
        p.timedOut = true;
        pieces.metrics().timedOut(p.lane);
        int next = p.piece.getAttempt() + 1;
        String which = p.piece.getJobId() + " piece " + (p.piece.getIndex() + 1) + "/" + p.piece.getCount();
        JobOutcome outcome;
        if (next < maxDispatches) {
            LOG.warn("{} still running after {} ms: dispatched again (attempt {})", which, timeout.toMillis(), next + 1);
            outcome = pieces.records().redispatch(p.record, p.piece, next);
        } else {
            LOG.warn("{} passed the {} ms piece timeout on all {} dispatches: failed", which, timeout.toMillis(),
                    maxDispatches);
            outcome = pieces.records().failed(p, new AsrException(ErrorCode.PIECE_TIMEOUT, "no result within "
                    + timeout.toMillis() + " ms (chunking.piece-timeout-ms) in " + maxDispatches + " dispatches"),
                    p.provider, "");
        }
        return outcome;
    }
}
