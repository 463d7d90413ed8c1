package io.asrhub.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.testsupport.ConsoleCapture;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogFormatTest {
    @Test
    void jsonLinesCarryAnIsoTimestampWithZoneAndTheJobFieldsAtTheTopLevel() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogstashEncoder encoder = LogFormat.jsonEncoder(context);
        String line;
        try (JobLog ignored = JobLog.open(Map.of(JobLog.JOB_ID, "job-7", JobLog.LANE, "small",
                JobLog.PROVIDER, "whisper", "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))) {
            LoggingEvent event = new LoggingEvent("x", context.getLogger("io.asrhub.worker.JobProcessor"), Level.INFO,
                    "job {} \"transcribed\"", null, new Object[]{"job-7"});
            line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        }
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line per event: " + line);
        JsonNode json = new ObjectMapper().readTree(line);
        OffsetDateTime at = OffsetDateTime.parse(json.get("@timestamp").asText()); // date, time and zone offset
        assertTrue(at.getYear() >= 2026, line);
        assertEquals("INFO", json.get("level").asText());
        assertEquals("io.asrhub.worker.JobProcessor", json.get("logger_name").asText());
        assertEquals("job job-7 \"transcribed\"", json.get("message").asText());
        assertEquals("job-7", json.get("jobId").asText());
        assertEquals("small", json.get("lane").asText());
        assertEquals("whisper", json.get("provider").asText());
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", json.get("traceparent").asText());
        assertFalse(json.has("@version") || json.has("level_value"), line);
    }

    @Test
    void textLinesKeepTheirShapeWithADatedZonedTimestampAndTheJobFieldsAtTheEnd() throws Exception {
        ConsoleCapture capture = new ConsoleCapture();
        capture.call(() -> {
            org.slf4j.Logger log = LoggerFactory.getLogger("io.asrhub.test.TextFormat");
            log.info("plain line");
            try (JobLog ignored = JobLog.open(Map.of(JobLog.JOB_ID, "job-8"))) {
                log.info("job line");
            }
            return null;
        });
        String[] lines = capture.err().strip().split("\n");
        assertEquals(2, lines.length, capture.err());
        String stamp = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2})";
        assertTrue(lines[0].matches(stamp + " \\[.+] INFO io\\.asrhub\\.test\\.TextFormat - plain line"), lines[0]);
        assertTrue(lines[1].matches(stamp + " \\[.+] INFO io\\.asrhub\\.test\\.TextFormat - job line \\[jobId=job-8]"),
                lines[1]);
    }

    @Test
    void aJobScopeRestoresWhatTheThreadHadBefore() {
        MDC.put(JobLog.WORKER, "w1");
        try (JobLog outer = JobLog.open(Map.of(JobLog.JOB_ID, "a"))) {
            try (JobLog inner = JobLog.open(Map.of(JobLog.JOB_ID, "b", JobLog.SPLIT_ID, "s"))) {
                assertEquals("b", MDC.get(JobLog.JOB_ID));
            }
            assertEquals("a", MDC.get(JobLog.JOB_ID));
            assertNull(MDC.get(JobLog.SPLIT_ID));
        } finally {
            assertNull(MDC.get(JobLog.JOB_ID));
            assertEquals("w1", MDC.get(JobLog.WORKER), "fields the scope did not set are left alone");
            MDC.clear();
        }
    }

    @Test
    void unknownFormatsAndLevelsAreRefusedAndTheDefaultsChangeNothing() throws Exception {
        AsrException format = assertThrows(AsrException.class,
                () -> LogFormat.apply(Settings.of(Map.of("logging.format", "xml"))));
        assertEquals("configuration key 'logging.format' has the value 'xml': must be one of text, json",
                format.getMessage());
        AsrException level = assertThrows(AsrException.class,
                () -> LogFormat.apply(Settings.of(Map.of("logging.level", "loud"))));
        assertTrue(level.getMessage().contains("logging.level"), level.getMessage());
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var before = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        LogFormat.apply(Settings.empty());
        assertEquals(before, context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE"));
        assertEquals(Level.INFO, context.getLogger("io.asrhub").getLevel());
    }
}
