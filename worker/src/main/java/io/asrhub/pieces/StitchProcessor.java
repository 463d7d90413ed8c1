package io.asrhub.pieces;

import io.asrhub.logging.JobLog;
import io.asrhub.records.FieldBounds;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.SplitManifest;
import io.asrhub.trace.TraceContext;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the piece-results topic (split manifests and piece results), keeps one
 * {@link JobStitch} per submission in a state store, and forwards the job's single final result to
 * the results (and, when FAILED, dead-letter) sink, plus a progress record per newly counted piece.
 * A record that fits no announced split is dropped, counted ({@code asr.stitch.rejected}) and logged.
 * With exactly_once_v2 the store update, the outputs and the input offset commit atomically, so a
 * restarted stitcher neither loses a piece nor emits a second final result.
 */
final class StitchProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(StitchProcessor.class);
    /** More pieces than an hour of audio in 1 s pieces: no worker writes such a manifest. */
    static final int MAX_PIECES = 10_000;

    private final Duration finishedRetention;
    private final Duration splitTimeout;
    private final StitchMeters meters;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> jobs;

    StitchProcessor(Duration finishedRetention, Duration splitTimeout, StitchMeters meters) {
        this.finishedRetention = finishedRetention;
        this.splitTimeout = splitTimeout;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.jobs = context.getStateStore(PieceStitcherTopology.STORE);
        // Wall-clock time: a silent split must fail even when no other record moves stream time on.
        long quarter = Math.min(splitTimeout.toMillis(), finishedRetention.toMillis()) / 4;
        context.schedule(Duration.ofMillis(Math.max(1_000, Math.min(quarter, 30_000))), PunctuationType.WALL_CLOCK_TIME,
                this::sweep);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobLog.JOB_ID, record.key() == null ? null : FieldBounds.cut(record.key(), FieldBounds.JOB_ID));
        fields.putAll(TraceContext.read(record.headers()).context().logFields());
        try (JobLog ignored = JobLog.open(fields)) { // this record's job labels the lines about it
            handle(record);
        }
    }

    private void handle(Record<String, byte[]> record) {
        long now = context.currentSystemTimeMs();
        if (PieceCodec.isManifest(record.value())) {
            SplitManifest m;
            try {
                m = PieceCodec.decodeManifest(record.value());
            } catch (IOException | RuntimeException e) {
                rejected("unreadable", record.key(), "manifest: " + e);
                return;
            }
            announce(record.key(), m, now, TraceContext.read(record.headers()).context());
            return;
        }
        PieceResult piece;
        try {
            piece = PieceCodec.decodePieceResult(record.value());
        } catch (IOException | RuntimeException e) {
            rejected("unreadable", record.key(), "not a PieceResult: " + e);
            return;
        }
        if (piece.getSplitId().isEmpty()) {
            rejected("no-split", piece.getJobId(), "piece " + piece.getIndex() + " names no split (pre-upgrade writer)");
            return;
        }
        String key = JobStitch.submissionKey(piece.getJobId(), piece.getSourceTopic(), piece.getSourcePartition(),
                piece.getSourceOffset());
        JobStitch job = load(key);
        if (job == null) {
            rejected("unknown-split", piece.getJobId(), "piece " + piece.getIndex() + " of split " + piece.getSplitId());
            return;
        }
        JobStitch.Outcome outcome = job.accept(piece, now);
        switch (outcome) {
            case DUPLICATE, FINISHED_BEFORE -> {
                meters.ignored();
                LOG.debug("{} piece {}: {}, ignored", piece.getJobId(), piece.getIndex(), outcome);
            }
            case REJECTED -> rejected(job.rejection(), piece.getJobId(), "piece " + piece.getIndex() + " of "
                    + piece.getCount() + " (split " + piece.getSplitId() + ")");
            case PROGRESS, COMPLETE, FAILED -> {
                meters.counted();
                publish(key, job, outcome, now, record.timestamp(), TraceContext.read(record.headers()).context());
            }
            default -> throw new IllegalStateException("unhandled " + outcome);
        }
    }

    private void announce(String recordKey, SplitManifest m, long now, TraceContext trace) {
        String problem = checkManifest(recordKey, m);
        if (problem != null) {
            rejected("bad-manifest", m.getJobId(), problem);
            return;
        }
        String key = JobStitch.submissionKey(m.getJobId(), m.getSourceTopic(), m.getSourcePartition(),
                m.getSourceOffset());
        JobStitch job = load(key);
        JobStitch.Outcome outcome = job == null ? JobStitch.Outcome.ANNOUNCED : job.announceAgain(m, now);
        job = job == null ? JobStitch.announce(m, now, trace) : job;
        switch (outcome) {
            case ANNOUNCED -> jobs.put(key, PieceCodec.encode(job.state()));
            case REJECTED -> rejected(job.rejection(), m.getJobId(), "manifest of split " + m.getSplitId());
            default -> LOG.debug("{} manifest of split {}: {}, ignored", m.getJobId(), m.getSplitId(), outcome);
        }
    }

    /** Null when the manifest is one a worker could have written for the record it is keyed by. */
    private static String checkManifest(String recordKey, SplitManifest m) {
        if (!m.getJobId().equals(recordKey)) {
            return "manifest keyed by another job id";
        }
        if (m.getSplitId().isEmpty() || m.getSplitId().length() > 64) {
            return "split id empty or longer than 64 characters";
        }
        if (m.getCount() < 1 || m.getCount() > MAX_PIECES || m.getPieces().size() != m.getCount()) {
            return "count " + m.getCount() + " with " + m.getPieces().size() + " pieces listed";
        }
        return null;
    }

    /**
     * {@code trace}: the trace context of the piece result that moved the job on (every piece of a split
     * carries its job's), copied to the progress record and the final result; for a split timeout, the one
     * its manifest carried.
     */
    private void publish(String key, JobStitch job, JobStitch.Outcome outcome, long now, long inputTimestamp,
                         TraceContext trace) {
        jobs.put(key, PieceCodec.encode(job.state()));
        String jobId = job.state().getJobId();
        forward(PieceStitcherTopology.PROGRESS_SINK, jobId, PieceCodec.encode(job.progress(now)), now, trace);
        if (outcome != JobStitch.Outcome.PROGRESS) {
            byte[] result = PieceCodec.encode(job.result());
            forward(PieceStitcherTopology.RESULTS_SINK, jobId, result, now, trace);
            meters.finished(outcome == JobStitch.Outcome.COMPLETE, inputTimestamp);
            if (outcome == JobStitch.Outcome.FAILED) {
                forward(PieceStitcherTopology.DEAD_LETTERS_SINK, jobId, result, now, trace);
            }
        }
    }

    private void rejected(String reason, String jobId, String what) {
        meters.rejected(reason);
        String id = jobId == null ? "?" : jobId.length() > 100 ? jobId.substring(0, 100) + "..." : jobId;
        LOG.warn("stitcher dropped a record for job {} ({}): {}", id, reason, what);
    }

    private JobStitch load(String key) {
        byte[] stored = jobs.get(key);
        if (stored == null) {
            return null;
        }
        try {
            return JobStitch.resume(PieceCodec.decodeState(stored));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable stitch state " + key, e);
        }
    }

    private void forward(String sink, String key, byte[] value, long timestamp, TraceContext trace) {
        Headers headers = new RecordHeaders();
        trace.addTo(headers);
        context.forward(new Record<>(key, value, timestamp, headers), sink);
    }

    /** Splits that went silent get their FAILED result; finished markers go after the retention. */
    private void sweep(long nowMs) {
        List<String> expired = new ArrayList<>();
        List<KeyValue<String, JobStitch>> silent = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = jobs.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                JobStitch job = load(entry.key);
                if (job.expired(nowMs, finishedRetention.toMillis())) {
                    expired.add(entry.key);
                } else if (job.expireIfSilent(nowMs, splitTimeout.toMillis()) == JobStitch.Outcome.FAILED) {
                    silent.add(KeyValue.pair(entry.key, job));
                }
            }
        }
        expired.forEach(jobs::delete);
        for (KeyValue<String, JobStitch> s : silent) {
            LOG.warn("{}: {}", s.value.state().getJobId(), s.value.result().getErrorMessage());
            publish(s.key, s.value, JobStitch.Outcome.FAILED, nowMs, nowMs, s.value.trace());
        }
    }
}
