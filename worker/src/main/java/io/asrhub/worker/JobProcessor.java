package io.asrhub.worker;

import io.asrhub.audio.DecodedAudio;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.pieces.SplitPlan;
import io.asrhub.pieces.SplitScanner;
import io.asrhub.pool.Reservation;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.recognition.Transcription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one admitted job on its job thread: read the audio, decode it, recognise it on the slot
 * reserved at admission. It never waits for capacity and never sleeps: a transient failure is
 * handed back to the poll thread, which decides about backoff, the breaker and dead letters.
 * Nothing thrown here escapes; every run ends as a result, a failure, a retry or abandoned.
 */
final class JobProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(JobProcessor.class);

    private final JobAudioSource audioSource;
    private final ResultRecords results;
    private final WorkerMetrics metrics;
    private final PieceHandling pieces;
    private final LaneCheck lanes;

    JobProcessor(JobAudioSource audioSource, ResultRecords results, WorkerMetrics metrics) {
        this(audioSource, results, metrics, null);
    }

    /** With {@code pieces}: long jobs of the distributed lanes are split, and pieces are recognised. */
    JobProcessor(JobAudioSource audioSource, ResultRecords results, WorkerMetrics metrics, PieceHandling pieces) {
        this.audioSource = audioSource;
        this.results = results;
        this.metrics = metrics;
        this.pieces = pieces;
        this.lanes = new LaneCheck(results.settings(), metrics.registry());
    }

    JobResult run(PendingJob p, Reservation reservation, RecognitionService service) {
        String provider = service.pool().name();
        try (reservation) {
            DecodedAudio audio;
            if (pieces != null && pieces.splitter().streams(p)) {
                LongJobSplitter.AudioOpener opener = () -> service.open(p.job.getJobId(), audioSource.open(p.job));
                SplitScanner.Scan scan = pieces.splitter().scan(opener);
                if (scan.plan() != null) {
                    return splitStreamed(p, scan.plan(), opener, reservation);
                }
                audio = io.asrhub.audio.AudioDecoder.checked(p.job.getJobId(), scan.whole()); // short: whole
            } else {
                audio = service.decode(p.job.getJobId(), audioSource.read(p.job));
            }
            java.util.Optional<io.asrhub.publish.JobOutcome> forward = lanes.forwardIfLonger(p, audio.durationMs());
            if (forward.isPresent()) {
                return new JobResult.Finished(forward.get()); // the slot is given back without recognising
            }
            if (pieces != null && !p.isPiece() && !pieces.splitter().streams(p)) {
                java.util.Optional<io.asrhub.publish.JobOutcome> split = pieces.splitter().split(p, audio);
                if (split.isPresent()) {
                    int count = split.get().records().size() - 2; // plus manifest and progress
                    pieces.metrics().split(p.lane, count);
                    LOG.info("split {} ms of audio into {} pieces", audio.durationMs(), count);
                    return new JobResult.Finished(split.get());
                }
            }
            Transcription t = service.recognise(reservation, p.job.getJobId(), audio, p.job.getLanguageHint());
            long queueWaitMs = ResultRecords.queueWaitMs(p.job, System.currentTimeMillis(), t.processingMs());
            LOG.info("{} transcribed: {} ms of audio in {} ms after {} ms in the queue", p.isPiece() ? "piece" : "job",
                    t.audioDurationMs(), t.processingMs(), queueWaitMs);
            if (p.isPiece()) {
                pieces.metrics().completed(p.lane, provider, t.processingMs());
                return new JobResult.Finished(pieces.records().succeeded(p,
                        new Transcription(t.source(), t.transcript(), provider, t.model(), t.sourceFormat(),
                                t.audioDurationMs(), t.waitMs(), t.processingMs(), 1, t.truncated()),
                        queueWaitMs, p.tries + 1));
            }
            metrics.completed(p.lane, provider, t, queueWaitMs);
            return new JobResult.Finished(results.succeeded(p.record, p.lane, p.job,
                    new Transcription(t.source(), t.transcript(), provider, t.model(), t.sourceFormat(),
                            t.audioDurationMs(), t.waitMs(), t.processingMs(), t.pieces(), t.truncated()), p.tries + 1));
        } catch (AsrException e) {
            if (e.code() == ErrorCode.INTERRUPTED || e.code() == ErrorCode.POOL_CLOSED
                    || Thread.currentThread().isInterrupted()) {
                return JobResult.ABANDONED;
            }
            if (e.isTransient()) {
                return new JobResult.Retry(e);
            }
            return new JobResult.Finished(failure(p, e, provider, service.pool().provider().modelName()));
        } catch (RuntimeException e) {
            return new JobResult.Retry(new AsrException(ErrorCode.PROVIDER_FAILED, "unexpected error: " + e, e));
        }
    }

    /** A long job read as a stream: forwarded if beyond its lane, else its pieces sent as they are cut. */
    private JobResult splitStreamed(PendingJob p, SplitPlan plan, LongJobSplitter.AudioOpener opener,
                                    Reservation slot) throws AsrException {
        java.util.Optional<io.asrhub.publish.JobOutcome> forward = lanes.forwardIfLonger(p, plan.durationMs());
        if (forward.isPresent()) {
            return new JobResult.Finished(forward.get());
        }
        io.asrhub.publish.JobOutcome outcome = pieces.splitter().publish(p, plan, opener, slot::close);
        if (outcome.succeeded()) {
            pieces.metrics().split(p.lane, plan.count());
        }
        return new JobResult.Finished(outcome);
    }

    /**
     * The permanent failure of a job: counted, then a result and a dead letter. For a piece: a
     * FAILED piece result, which the stitcher turns into the job's one FAILED result and dead letter.
     */
    io.asrhub.publish.JobOutcome failure(PendingJob p, AsrException e, String provider, String model) {
        LOG.info("{} failed for good with {}: {}", p.isPiece() ? "piece" : "job", e.code(), e.getMessage());
        if (p.isPiece()) {
            pieces.metrics().failed(p.lane, provider);
            return pieces.records().failed(p, e, provider, model);
        }
        metrics.failed(p.lane, provider, e.code());
        return results.failed(p.record, p.lane, p.job, e, Math.max(1, p.tries + 1), provider, model);
    }
}
