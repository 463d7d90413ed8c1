package io.asrhub.trace;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceContextTest {
    static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidTraceparentAndTracestateAreKeptAsTheyAre() {
        TraceContext.Read read = TraceContext.read(headers(VALID, "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"));
        assertNull(read.dropped());
        assertEquals(VALID, read.context().traceparent());
        assertEquals("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", read.context().tracestate());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", read.context().traceId());
        assertEquals(VALID, read.context().logFields().get("traceparent"));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", read.context().logFields().get("traceId"));
    }

    @Test
    void malformedTraceparentsAreDroppedWithTheReason() {
        for (String bad : new String[]{
                VALID.toUpperCase(),                                                   // uppercase hex
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",             // trace id all zeros
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",             // span id all zeros
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",             // forbidden version
                VALID + "-extra",                                                      // version 00 has no more fields
                "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",              // short trace id
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",                // no flags
                "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-" + "a".repeat(100), // over 128
                "",
                "garbage"}) {
            TraceContext.Read read = TraceContext.read(headers(bad, null));
            assertFalse(read.context().present(), bad);
            assertNotNull(read.dropped(), bad);
        }
        Headers nonAscii = new RecordHeaders();
        nonAscii.add("traceparent", new byte[]{(byte) 0xc3, (byte) 0xa9});
        assertNotNull(TraceContext.read(nonAscii).dropped());
    }

    @Test
    void aLaterVersionWithExtraFieldsIsAcceptedAsTheSpecAsks() {
        String v1 = "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future";
        assertEquals(v1, TraceContext.read(headers(v1, null)).context().traceparent());
    }

    @Test
    void noHeaderIsNoContextAndNothingDropped() {
        TraceContext.Read read = TraceContext.read(new RecordHeaders());
        assertFalse(read.context().present());
        assertNull(read.dropped());
        assertTrue(read.context().logFields().isEmpty());
    }

    @Test
    void aBadTracestateIsDroppedAloneAndIsNeverKeptWithoutATraceparent() {
        TraceContext.Read oversized = TraceContext.read(headers(VALID, "a=" + "b".repeat(600)));
        assertEquals(VALID, oversized.context().traceparent());
        assertNull(oversized.context().tracestate());
        assertNotNull(oversized.dropped());
        TraceContext.Read orphan = TraceContext.read(headers("nope", "congo=t61rcWkgMzE"));
        assertFalse(orphan.context().present());
        Headers out = new RecordHeaders();
        orphan.context().addTo(out);
        assertFalse(out.iterator().hasNext(), "nothing is written for a dropped context");
    }

    @Test
    void addToWritesBothHeadersButNeverReplacesARecordsOwnTraceparent() {
        TraceContext context = TraceContext.read(headers(VALID, "k=v")).context();
        Headers out = new RecordHeaders();
        context.addTo(out);
        assertEquals(VALID, text(out, "traceparent"));
        assertEquals("k=v", text(out, "tracestate"));
        Headers own = headers("00-11111111111111111111111111111111-2222222222222222-00", null);
        context.addTo(own);
        assertEquals("00-11111111111111111111111111111111-2222222222222222-00", text(own, "traceparent"));
        assertNull(own.lastHeader("tracestate"));
    }

    @Test
    void freshContextsAreValidSampledAndDistinct() {
        Set<String> traceIds = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            TraceContext fresh = TraceContext.fresh();
            TraceContext.Read back = TraceContext.parse(fresh.traceparent());
            assertNull(back.dropped(), fresh.traceparent());
            assertTrue(fresh.traceparent().endsWith("-01"), "sampled, so the consumers' tracers record it");
            traceIds.add(fresh.traceId());
        }
        assertEquals(100, traceIds.size());
        assertNotNull(TraceContext.parse("00-abc").dropped());
    }

    @Test
    void droppedHeadersAreCountedAndTheRecordReadsAsWithoutContext() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TraceHeaders traces = new TraceHeaders(registry);
        assertFalse(traces.read(headers("bad", null)).present());
        assertFalse(traces.read(headers("worse", null)).present());
        assertTrue(traces.read(headers(VALID, null)).present());
        assertEquals(2.0, registry.get("asr.trace.dropped").counter().count());
    }

    static Headers headers(String traceparent, String tracestate) {
        Headers h = new RecordHeaders();
        h.add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        if (tracestate != null) {
            h.add("tracestate", tracestate.getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    static String text(Headers headers, String name) {
        return headers.lastHeader(name) == null ? null
                : new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
