package io.asrhub.trace;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads the trace context of the records a worker takes in. A malformed or oversized header is
 * dropped, never a failure of its job: it is counted ({@code asr.trace.dropped}) and the first one is
 * logged as a warning (later ones at debug), so a producer with a broken tracer cannot flood the log.
 */
public final class TraceHeaders {
    private static final Logger LOG = LoggerFactory.getLogger(TraceHeaders.class);

    private final Counter dropped;
    private final AtomicBoolean warned = new AtomicBoolean();

    public TraceHeaders(MeterRegistry registry) {
        this.dropped = Counter.builder("asr.trace.dropped")
                .description("traceparent/tracestate headers of input records dropped as malformed or oversized")
                .register(registry);
    }

    public TraceContext read(Headers headers) {
        TraceContext.Read read = TraceContext.read(headers);
        if (read.dropped() != null) {
            dropped.increment();
            if (warned.compareAndSet(false, true)) {
                LOG.warn("dropped a trace header of an input record ({}); its job goes on without it. Logged once;"
                        + " asr_trace_dropped_total counts them all", read.dropped());
            } else {
                LOG.debug("dropped a trace header of an input record ({})", read.dropped());
            }
        }
        return read.context();
    }
}
