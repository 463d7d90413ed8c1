package io.asrhub.pieces;

import io.asrhub.schema.PieceResult;
import io.asrhub.schema.PieceStitchState;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects piece results per job in a state store and forwards the job's single final result to
 * the results (and, when FAILED, dead-letter) sink, plus a progress record per newly counted piece.
 * With exactly_once_v2 the store update, the outputs and the input offset commit atomically, so a
 * restarted stitcher neither loses a piece nor emits a second final result.
 */
final class StitchProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(StitchProcessor.class);

    private final Duration finishedRetention;
    private final StitchMeters meters;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> jobs;

    StitchProcessor(Duration finishedRetention, StitchMeters meters) {
        this.finishedRetention = finishedRetention;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.jobs = context.getStateStore(PieceStitcherTopology.STORE);
        Duration every = finishedRetention.dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1) : finishedRetention.dividedBy(4);
        context.schedule(every, PunctuationType.STREAM_TIME, this::forgetFinishedJobs);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        PieceResult piece;
        try {
            piece = PieceCodec.decodePieceResult(record.value());
        } catch (IOException | RuntimeException e) {
            LOG.warn("piece result with key {} is not a PieceResult, ignored: {}", record.key(), e.toString());
            return;
        }
        String jobId = piece.getJobId();
        JobStitch job = load(jobId, piece.getCount());
        long now = record.timestamp();
        JobStitch.Outcome outcome = job.accept(piece, now);
        switch (outcome) {
            case DUPLICATE, FINISHED_BEFORE -> {
                meters.ignored();
                LOG.debug("{} piece {}: {}, ignored", jobId, piece.getIndex(), outcome);
            }
            case INCONSISTENT -> {
                meters.ignored();
                LOG.warn("{} piece {} of {} does not fit the job's {} pieces, ignored", jobId,
                    piece.getIndex(), piece.getCount(), job.state().getCount());
            }
            case PROGRESS, COMPLETE, FAILED -> {
                meters.counted();
                jobs.put(jobId, PieceCodec.encode(job.state()));
                forward(PieceStitcherTopology.PROGRESS_SINK, jobId, PieceCodec.encode(job.progress(piece, now)), now);
                if (outcome != JobStitch.Outcome.PROGRESS) {
                    byte[] result = PieceCodec.encode(job.result());
                    forward(PieceStitcherTopology.RESULTS_SINK, jobId, result, now);
                    meters.finished(outcome == JobStitch.Outcome.COMPLETE, record.timestamp());
                    if (outcome == JobStitch.Outcome.FAILED) {
                        forward(PieceStitcherTopology.DEAD_LETTERS_SINK, jobId, result, now);
                    }
                }
            }
            default -> throw new IllegalStateException("unhandled " + outcome);
        }
    }

    private JobStitch load(String jobId, int count) {
        byte[] stored = jobs.get(jobId);
        if (stored == null) {
            return JobStitch.begin(jobId, count);
        }
        try {
            return JobStitch.resume(PieceCodec.decodeState(stored));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable stitch state for job " + jobId, e);
        }
    }

    private void forward(String sink, String key, byte[] value, long timestamp) {
        context.forward(new Record<>(key, value, timestamp), sink);
    }

    /** Finished markers only guard against late repeats; drop them after the retention. */
    private void forgetFinishedJobs(long streamTimeMs) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = jobs.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                try {
                    PieceStitchState state = PieceCodec.decodeState(entry.value);
                    if (state.getFinished() && state.getFinishedAtMs() + finishedRetention.toMillis() < streamTimeMs) {
                        expired.add(entry.key);
                    }
                } catch (IOException e) {
                    LOG.warn("unreadable stitch state for job {}, kept", entry.key);
                }
            }
        }
        expired.forEach(jobs::delete);
    }
}
