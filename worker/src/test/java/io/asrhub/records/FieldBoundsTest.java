package io.asrhub.records;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioReference;
import io.asrhub.schema.InlineAudio;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every text field of a job has a bound; the error names the field and its size, never its value. */
class FieldBoundsTest {
    private static AudioJob.Builder job() {
        return AudioJob.newBuilder().setJobId("job-1").setSubmittedAtMs(Instant.now())
                .setAudio(new InlineAudio(ByteBuffer.wrap(new byte[100]))).setByteSize(100).setAttributes(Map.of());
    }

    private static AsrException rejected(AudioJob job) {
        AsrException e = assertThrows(AsrException.class, () -> FieldBounds.check(job));
        assertEquals(ErrorCode.FIELD_TOO_LARGE, e.code());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        return e;
    }

    @Test
    void aJobWithinEveryBoundPasses() {
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < FieldBounds.ATTRIBUTES; i++) {
            attributes.put("k" + i, "v".repeat(FieldBounds.ATTRIBUTE_VALUE));
        }
        assertDoesNotThrow(() -> FieldBounds.check(job().setJobId("j".repeat(FieldBounds.JOB_ID))
                .setProviderHint("whisper").setLanguageHint("en").setContentType("audio/wav")
                .setAudio(new AudioReference("file:///a/" + "b".repeat(4000))).setAttributes(attributes).build()));
    }

    @Test
    void aSixMillionCharacterJobIdIsRefusedWithoutBeingEchoed() {
        AsrException e = rejected(job().setJobId("x".repeat(6_000_000)).build());
        assertTrue(e.getMessage().contains("jobId") && e.getMessage().contains("6000000"), e.getMessage());
        assertFalse(e.getMessage().contains("xxxxxxxx"), "the value is not echoed");
    }

    @Test
    void everyOtherTextFieldIsBounded() {
        assertTrue(rejected(job().setProviderHint("p".repeat(65)).build()).getMessage().contains("providerHint"));
        assertTrue(rejected(job().setLanguageHint("l".repeat(33)).build()).getMessage().contains("languageHint"));
        assertTrue(rejected(job().setContentType("c".repeat(129)).build()).getMessage().contains("contentType"));
        assertTrue(rejected(job().setAudio(new AudioReference("file:///" + "r".repeat(5000))).build())
                .getMessage().contains("audio.uri"));
        assertTrue(rejected(job().setAttributes(Map.of("k".repeat(129), "v")).build())
                .getMessage().contains("attributes key"));
        assertTrue(rejected(job().setAttributes(Map.of("k", "v".repeat(1025))).build())
                .getMessage().contains("attributes value"));
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= FieldBounds.ATTRIBUTES; i++) {
            many.put("k" + i, "v");
        }
        assertTrue(rejected(job().setAttributes(many).build()).getMessage().contains("65 entries"));
    }

    @Test
    void cutKeepsABoundedPrefixAndSaysHowLongTheTextWas() {
        String cut = FieldBounds.cut("a".repeat(10_000), 256);
        assertEquals(256, cut.length());
        assertTrue(cut.endsWith("...[10000 chars]"), cut);
        assertEquals("short", FieldBounds.cut("short", 256));
    }
}
