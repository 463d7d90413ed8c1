package io.asrhub.client;

import io.asrhub.schema.JobProgress;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import org.junit.jupiter.api.Test;

import static io.asrhub.client.JobState.Stage.DONE;
import static io.asrhub.client.JobState.Stage.FAILED;
import static io.asrhub.client.JobState.Stage.IN_PROGRESS;
import static io.asrhub.client.JobState.Stage.QUEUED;
import static io.asrhub.client.JobState.Stage.TAKEN;
import static io.asrhub.client.JobState.Stage.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The most final record decides: result, then progress, then the job record against the committed offset. */
class JobStateTest {
    private static final TranscriptResult OK = TranscriptResult.newBuilder().setJobId("j").setStatus(JobStatus.OK)
            .build();
    private static final TranscriptResult BAD = TranscriptResult.newBuilder().setJobId("j")
            .setStatus(JobStatus.FAILED).setErrorCode("NOT_AUDIO").build();
    private static final JobProgress PROGRESS = JobProgress.newBuilder().setJobId("j").setPiecesDone(3)
            .setPiecesTotal(7).setAudioMsDone(90_000).build();
    private static final JobState.LanePosition QUEUED_AT = new JobState.LanePosition("l", 0, 12, 10L, 10);
    private static final JobState.LanePosition TAKEN_AT = new JobState.LanePosition("l", 0, 9, 10L, 10);

    @Test
    void stagesInOrderOfFinality() {
        assertEquals(DONE, JobState.of("j", OK, PROGRESS, TAKEN_AT).stage());
        assertEquals(FAILED, JobState.of("j", BAD, PROGRESS, TAKEN_AT).stage());
        assertEquals(IN_PROGRESS, JobState.of("j", null, PROGRESS, TAKEN_AT).stage());
        assertEquals(TAKEN, JobState.of("j", null, null, TAKEN_AT).stage());
        assertEquals(QUEUED, JobState.of("j", null, null, QUEUED_AT).stage());
        assertEquals(UNKNOWN, JobState.of("j", null, null, null).stage());
    }

    @Test
    void theCommittedOffsetIsTheNextRecordToRead() {
        assertFalse(new JobState.LanePosition("l", 0, 10, 10L, 10).taken(), "the committed offset itself is next");
        assertTrue(new JobState.LanePosition("l", 0, 9, 10L, 10).taken());
        assertEquals(2, QUEUED_AT.recordsAhead());
        assertEquals(0, new JobState.LanePosition("l", 0, 10, 10L, 10).recordsAhead());
    }

    @Test
    void withoutACommitNothingIsTakenAndRecordsAheadCountFromTheLogStart() {
        JobState.LanePosition neverCommitted = new JobState.LanePosition("l", 1, 7, null, 4);
        assertFalse(neverCommitted.taken());
        assertEquals(3, neverCommitted.recordsAhead());
    }
}
