package io.asrhub.trace;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The W3C Trace Context of a job (https://www.w3.org/TR/trace-context/): its {@code traceparent}
 * and, when present, {@code tracestate} Kafka record headers, as the producer of the job set them.
 * asr-hub records no spans of its own, so it passes both headers on <em>unchanged</em> to every record
 * the job produces: a span id of its own would point consumers at a parent span no tracing backend
 * ever receives, while the producer's span id makes their spans children of the producer's span.
 *
 * <p>Headers are checked before use, because they come from any producer: a traceparent must be
 * {@code version-traceid-spanid-flags} in lowercase hex, version not {@code ff}, trace and span id
 * not all zeros, and version {@code 00} exactly 55 characters (later versions may append fields, up
 * to {@link #MAX_TRACEPARENT}); a tracestate is kept only beside a valid traceparent, in printable
 * ASCII, at most {@link #MAX_TRACESTATE} characters and 32 members. Anything else is dropped, and the
 * job goes on without it.
 */
public record TraceContext(String traceparent, String tracestate) {
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    public static final TraceContext NONE = new TraceContext(null, null);
    static final int MAX_TRACEPARENT = 128;
    static final int MAX_TRACESTATE = 512;
    private static final Pattern FORMAT = Pattern.compile(
            "([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^\\s]*)?");
    private static final Random RANDOM = new SecureRandom();

    /** What reading a record's headers found: the usable context, and why something was dropped (or null). */
    public record Read(TraceContext context, String dropped) {
    }

    public boolean present() {
        return traceparent != null;
    }

    /** The 32-hex-digit trace id, or null. */
    public String traceId() {
        return present() ? traceparent.substring(3, 35) : null;
    }

    /** The context of a record's headers (the last value of each header counts, as in Kafka). */
    public static Read read(Headers headers) {
        if (headers == null) {
            return new Read(NONE, null);
        }
        Header parent = headers.lastHeader(TRACEPARENT);
        if (parent == null) {
            return new Read(NONE, null);
        }
        String parentText = text(parent.value(), MAX_TRACEPARENT);
        String problem = parentText == null ? "traceparent empty or longer than " + MAX_TRACEPARENT + " bytes"
                : traceparentProblem(parentText);
        if (problem != null) {
            return new Read(NONE, problem);
        }
        Header state = headers.lastHeader(TRACESTATE);
        if (state == null) {
            return new Read(new TraceContext(parentText, null), null);
        }
        String stateText = text(state.value(), MAX_TRACESTATE);
        if (stateText == null || !validTracestate(stateText)) {
            return new Read(new TraceContext(parentText, null), "tracestate malformed or longer than "
                    + MAX_TRACESTATE + " bytes");
        }
        return new Read(new TraceContext(parentText, stateText), null);
    }

    /** A traceparent given as text (e.g. on the command line): the context, or why it is not one. */
    public static Read parse(String traceparent) {
        if (traceparent == null || traceparent.isEmpty() || traceparent.length() > MAX_TRACEPARENT) {
            return new Read(NONE, "traceparent empty or longer than " + MAX_TRACEPARENT + " characters");
        }
        String problem = traceparentProblem(traceparent);
        return problem == null ? new Read(new TraceContext(traceparent, null), null) : new Read(NONE, problem);
    }

    /** A new trace: random trace and span ids, sampled (version 00). */
    public static TraceContext fresh() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        do {
            RANDOM.nextBytes(trace);
            RANDOM.nextBytes(span);
        } while (allZero(trace) || allZero(span));
        HexFormat hex = HexFormat.of();
        return new TraceContext("00-" + hex.formatHex(trace) + "-" + hex.formatHex(span) + "-01", null);
    }

    /** Adds this context to {@code headers} unless they already name a traceparent (a forwarded record's own). */
    public void addTo(Headers headers) {
        if (!present() || headers.lastHeader(TRACEPARENT) != null) {
            return;
        }
        headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        if (tracestate != null) {
            headers.add(TRACESTATE, tracestate.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Log fields ({@code traceparent}, {@code traceId}); empty without a context. */
    public Map<String, String> logFields() {
        Map<String, String> out = new LinkedHashMap<>();
        if (present()) {
            out.put(TRACEPARENT, traceparent);
            out.put("traceId", traceId());
        }
        return out;
    }

    private static String traceparentProblem(String value) {
        Matcher m = FORMAT.matcher(value);
        if (!m.matches()) {
            return "traceparent is not version-traceid-spanid-flags in lowercase hex";
        }
        String version = m.group(1);
        if (version.equals("ff")) {
            return "traceparent version ff is invalid";
        }
        if (version.equals("00") && m.group(5) != null) {
            return "traceparent of version 00 has extra fields";
        }
        if (m.group(2).chars().allMatch(c -> c == '0') || m.group(3).chars().allMatch(c -> c == '0')) {
            return "traceparent trace id or span id is all zeros";
        }
        return null;
    }

    private static boolean validTracestate(String value) {
        if (value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            return false;
        }
        return value.split(",", -1).length <= 32;
    }

    /** The header's bytes as ASCII text, or null when empty, too long or not ASCII. */
    private static String text(byte[] value, int max) {
        if (value == null || value.length == 0 || value.length > max) {
            return null;
        }
        for (byte b : value) {
            if (b < 0x20 || b > 0x7e) {
                return null;
            }
        }
        return new String(value, StandardCharsets.US_ASCII);
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
