package io.asrhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asrhub.testsupport.LongSpeech;
import io.asrhub.testsupport.Speech;
import io.asrhub.testsupport.TinyWhisperModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscribeCommandTest {
    @TempDir
    Path dir;

    @Test
    void missingModelFailsAtOnceWithInstructions() {
        CliRun run = CliRun.of("transcribe", "--model", dir.resolve("absent.bin").toString(), "x.wav");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("asr-hub models pull tiny.en"), run.err());
    }

    @Test
    void jsonOutputHasOneObjectPerFileWithAllFields() throws Exception {
        Path a = Speech.wav("short", Speech.SHORT);
        Path b = Speech.sox(a, "cli.flac", "-r", "16000");
        CliRun run = CliRun.of("transcribe", "--model", TinyWhisperModel.shared().toString(), "--pool", "2",
                "--format", "json", a.toString(), b.toString());
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().strip().split("\n");
        assertEquals(2, lines.length, run.out());
        for (int i = 0; i < 2; i++) {
            JsonNode json = new ObjectMapper().readTree(lines[i]);
            assertEquals(i == 0 ? a.toString() : b.toString(), json.get("file").asText(), "input order kept");
            for (String field : new String[]{"text", "segments", "language", "provider", "model", "audioDurationMs",
                    "processingMs", "realTimeFactor", "queueWaitMs", "pieces"}) {
                assertTrue(json.has(field), "missing " + field + " in " + lines[i]);
            }
            assertEquals("whisper", json.get("provider").asText());
            assertTrue(json.get("audioDurationMs").asLong() > 3000);
            assertTrue(json.get("realTimeFactor").asDouble() > 0);
        }
    }

    @Test
    void aLongFileIsRecognisedInPiecesUnlessChunkingIsOff() throws Exception {
        Path wav = LongSpeech.atLeastSeconds(90).wav();
        String model = TinyWhisperModel.shared().toString();
        CliRun chunked = CliRun.of("transcribe", "--model", model, "--pool", "2", "--format", "json", wav.toString());
        assertEquals(0, chunked.exitCode(), chunked.err());
        JsonNode json = new ObjectMapper().readTree(chunked.out().strip());
        assertEquals(4, json.get("pieces").asInt(), chunked.out());
        JsonNode segments = json.get("segments");
        assertEquals(4, segments.size(), "one segment per piece with the generated model");
        for (int i = 1; i < segments.size(); i++) {
            assertTrue(segments.get(i).get("startMs").asLong() >= segments.get(i - 1).get("endMs").asLong(),
                    "timestamps offset by each piece's start: " + segments);
        }

        CliRun whole = CliRun.of("transcribe", "--model", model, "--pool", "2", "--no-chunking", "--format", "json",
                wav.toString());
        assertEquals(0, whole.exitCode(), whole.err());
        assertEquals(1, new ObjectMapper().readTree(whole.out().strip()).get("pieces").asInt(), whole.out());
    }

    @Test
    void subtitleFormatsAndPartialFailure() throws Exception {
        Path good = Speech.wav("short", Speech.SHORT);
        Path bad = dir.resolve("broken.wav");
        Files.writeString(bad, "not audio at all");
        CliRun srt = CliRun.of("transcribe", "--model", TinyWhisperModel.shared().toString(), "--format", "srt",
                good.toString(), bad.toString());
        assertEquals(1, srt.exitCode(), "one file failed");
        assertTrue(srt.out().startsWith("1\n00:00:00,000 --> 00:00:0"), srt.out());
        assertTrue(srt.err().contains("NOT_AUDIO") && srt.err().contains("broken.wav"), srt.err());
        CliRun vtt = CliRun.of("transcribe", "--model", TinyWhisperModel.shared().toString(), "--format", "vtt",
                good.toString());
        assertTrue(vtt.out().startsWith("WEBVTT\n\n00:00:00.000 --> "), vtt.out());
    }

    @Test
    void timestampsFormatHoursMinutesSecondsMillis() {
        assertEquals("01:02:03,004", TranscriptionFormatter.timestamp(3_723_004, false));
        assertEquals("00:00:09.500", TranscriptionFormatter.timestamp(9_500, true));
    }
}
