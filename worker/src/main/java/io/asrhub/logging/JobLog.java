package io.asrhub.logging;

import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job fields of every log line written while a job is handled on the current thread, through
 * SLF4J's MDC: {@code jobId}, {@code lane}, {@code provider}, {@code worker}, for pieces
 * {@code splitId} and {@code pieceIndex}, and the job's {@code traceparent}/{@code traceId}. Opened
 * around one job's work and closed in a finally block (try-with-resources): job threads are pooled
 * and the poll thread handles many jobs, so a field left behind would label another job's lines.
 * Closing puts back what the keys held before, so scopes nest.
 */
public final class JobLog implements AutoCloseable {
    public static final String JOB_ID = "jobId";
    public static final String LANE = "lane";
    public static final String PROVIDER = "provider";
    public static final String WORKER = "worker";
    public static final String SPLIT_ID = "splitId";
    public static final String PIECE_INDEX = "pieceIndex";

    private final Map<String, String> previous = new LinkedHashMap<>();

    private JobLog(Map<String, String> fields) {
        fields.forEach((key, value) -> {
            if (value != null) {
                previous.put(key, MDC.get(key));
                MDC.put(key, value);
            }
        });
    }

    /** Sets {@code fields} (null values are left out) until {@link #close}. */
    public static JobLog open(Map<String, String> fields) {
        return new JobLog(fields);
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
