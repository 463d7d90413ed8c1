package io.asrhub.cli;

import io.asrhub.client.JobState;
import io.asrhub.schema.JobProgress;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusFormatterTest {
    @Test
    void doneShowsLaneWorkerDurationAndTheStartOfTheTextOnOneLine() {
        TranscriptResult r = TranscriptResult.newBuilder().setJobId("j1").setStatus(JobStatus.OK).setLane("large")
                .setWorkerId("w1,w2").setAudioDurationMs(210_000).setText("word ".repeat(40)).build();
        String line = StatusFormatter.text(JobState.of("j1", r, null, null));
        assertTrue(line.startsWith("j1: done [large] by w1,w2, 210.0 s audio: word word"), line);
        assertTrue(line.endsWith("..."), line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void previewKeepsShortTextWholeAndCutsLongTextAtEightyCharacters() {
        assertEquals("hello there", StatusFormatter.preview("  hello\n  there "));
        assertEquals(StatusFormatter.TEXT_PREVIEW, StatusFormatter.preview("x".repeat(500)).length());
    }

    @Test
    void inProgressQueuedAndTakenSayWhereTheJobIs() {
        JobProgress p = JobProgress.newBuilder().setJobId("j").setPiecesDone(3).setPiecesTotal(7)
                .setAudioMsDone(90_000).setAudioMsTotal(210_000).build();
        assertEquals("j: in progress, 3/7 pieces, 90.0/210.0 s audio",
                StatusFormatter.text(JobState.of("j", null, p, null)));
        var queued = new JobState.LanePosition("asr.jobs.small", 1, 12, 10L, 10);
        assertEquals("j: queued (asr.jobs.small partition 1 offset 12), 2 record(s) ahead of it in its partition",
                StatusFormatter.text(JobState.of("j", null, null, queued)));
        var taken = new JobState.LanePosition("asr.jobs.small", 1, 3, 10L, 10);
        assertTrue(StatusFormatter.text(JobState.of("j", null, null, taken)).startsWith("j: taken by a worker"));
    }

    @Test
    void jsonNamesTheStateAndCarriesTheResult() {
        TranscriptResult r = TranscriptResult.newBuilder().setJobId("j").setStatus(JobStatus.FAILED)
                .setErrorCode("NOT_AUDIO").setErrorMessage("plain text").build();
        var json = StatusFormatter.json(JobState.of("j", r, null, null));
        assertEquals("failed", json.get("state").asText());
        assertEquals("NOT_AUDIO", json.get("result").get("errorCode").asText());
        assertEquals("unknown", StatusFormatter.json(JobState.of("x", null, null, null)).get("state").asText());
    }
}
