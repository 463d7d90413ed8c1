package io.asrhub.worker;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.asrhub.schema.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job's trace context reaches every record it produces, unchanged; a broken one is dropped without
 * failing the job; and the job's log lines carry its fields and no other job's.
 */
class JobTraceAndLogTest {
    static final String TRACED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    static final String FAILING = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void traceHeadersGoFromEachJobToItsResultAndDeadLetterAndIntoItsLogLines() throws Exception {
        Events events = Events.attach();
        try (MockWorker w = new MockWorker().provider("whisper", 1, 0).start()) {
            ConsumerRecord<String, byte[]> traced = MockWorker.job(MockWorker.SMALL_0, 0, "traced", null);
            traced.headers().add("traceparent", bytes(TRACED)).add("tracestate", bytes("congo=t61rcWkgMzE"));
            ConsumerRecord<String, byte[]> failing = MockWorker.job(MockWorker.SMALL_0, 1, "failing", null,
                    "hello".getBytes(StandardCharsets.UTF_8));
            failing.headers().add("traceparent", bytes(FAILING));
            ConsumerRecord<String, byte[]> plain = MockWorker.job(MockWorker.SMALL_0, 2, "plain", null);
            ConsumerRecord<String, byte[]> broken = MockWorker.job(MockWorker.SMALL_0, 3, "broken", null);
            broken.headers().add("traceparent", bytes("00-NOT-HEX-01"));
            for (ConsumerRecord<String, byte[]> r : List.of(traced, failing, plain, broken)) {
                w.add(r);
            }
            MockWorker.waitUntil(() -> w.results().size() == 4 && w.deadLetters().size() == 1);

            String results = io.asrhub.records.Topics.DEFAULT.results();
            String deadLetters = io.asrhub.records.Topics.DEFAULT.deadLetters();
            assertEquals(TRACED, header(w, results, "traced", "traceparent"));
            assertEquals("congo=t61rcWkgMzE", header(w, results, "traced", "tracestate"));
            assertEquals(FAILING, header(w, results, "failing", "traceparent"));
            assertEquals(FAILING, header(w, deadLetters, "failing", "traceparent"));
            assertNull(header(w, results, "plain", "traceparent"), "no context is invented for a job without one");
            assertNull(header(w, results, "broken", "traceparent"), "a malformed header is not passed on");
            assertEquals(JobStatus.OK, w.results().stream().filter(r -> r.getJobId().equals("broken")).findFirst()
                    .orElseThrow().getStatus(), "a malformed header never fails its job");
            assertEquals(1.0, w.registry.get("asr.trace.dropped").counter().count());

            Map<String, String> done = events.lineOf("traced", "job transcribed");
            assertEquals("small", done.get("lane"));
            assertEquals("whisper", done.get("provider"));
            assertEquals("unit", done.get("worker"));
            assertEquals(TRACED, done.get("traceparent"));
            assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", done.get("traceId"));
            Map<String, String> failed = events.lineOf("failing", "job failed for good with NOT_AUDIO");
            assertEquals(FAILING, failed.get("traceparent"));
            assertEquals("unit", failed.get("worker"));
            Map<String, String> next = events.lineOf("plain", "job transcribed");
            assertFalse(next.containsKey("traceparent"), "no other job's trace on its lines: " + next);
        } finally {
            events.detach();
        }
    }

    private static String header(MockWorker w, String topic, String key, String name) {
        ProducerRecord<String, byte[]> r = w.published(topic).stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no record for " + key + " on " + topic));
        return r.headers().lastHeader(name) == null ? null
                : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The worker's log events with the MDC each had when it was written (on its own thread). */
    static final class Events extends AppenderBase<ILoggingEvent> {
        private final List<ILoggingEvent> seen = new CopyOnWriteArrayList<>();

        static Events attach() {
            Events e = new Events();
            Logger logger = (Logger) LoggerFactory.getLogger("io.asrhub.worker");
            e.setContext(logger.getLoggerContext());
            e.start();
            logger.addAppender(e);
            return e;
        }

        void detach() {
            ((Logger) LoggerFactory.getLogger("io.asrhub.worker")).detachAppender(this);
        }

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing(); // takes the MDC of the writing thread now
            seen.add(event);
        }

        Map<String, String> lineOf(String jobId, String messageStart) {
            return seen.stream().filter(e -> jobId.equals(e.getMDCPropertyMap().get("jobId"))
                            && e.getFormattedMessage().startsWith(messageStart)).findFirst()
                    .map(ILoggingEvent::getMDCPropertyMap)
                    .orElseThrow(() -> new AssertionError("no line '" + messageStart + "' for " + jobId + " in "
                            + seen.stream().map(e -> e.getMDCPropertyMap() + " " + e.getFormattedMessage()).toList()));
        }
    }
}
