package io.asrhub.client;

import io.asrhub.schema.JobProgress;
import io.asrhub.schema.TranscriptResult;

/**
 * Where one job stands, as far as the topics tell: its latest result, its latest progress record
 * and where its job record sits in its lane. Any of them may be missing (null).
 */
public record JobState(String jobId, Stage stage, TranscriptResult result, JobProgress progress,
                       LanePosition position) {

    /** From the most to the least final; the first that applies wins. */
    public enum Stage {
        /** An OK result exists. */
        DONE,
        /** A FAILED result exists. */
        FAILED,
        /** Split into pieces, progress published, no result yet. */
        IN_PROGRESS,
        /** The consumer group committed past the job record, but there is no result or progress yet. */
        TAKEN,
        /** The job record is at or after the group's committed offset: not finished by any worker yet. */
        QUEUED,
        /** No record of the job in any lane, the progress or the results topic. */
        UNKNOWN
    }

    /**
     * The job record in its lane: topic, partition and offset, the group's committed offset for that
     * partition (null: the group committed nothing there), and the offset the group reads next.
     */
    public record LanePosition(String topic, int partition, long offset, Long committedOffset, long nextOffset) {
        /** Committed past: the group is done with this record (it commits only after publishing). */
        public boolean taken() {
            return committedOffset != null && offset < committedOffset;
        }

        /**
         * Offsets between the group's next record and this one: the records ahead of it in its
         * partition (transaction markers count too, so with transactional producers it is an upper bound).
         */
        public long recordsAhead() {
            return Math.max(0, offset - nextOffset);
        }
    }

    /** Decides the stage from what was found. */
    public static JobState of(String jobId, TranscriptResult result, JobProgress progress, LanePosition position) {
        Stage stage;
        if (result != null) {
            stage = result.getStatus() == io.asrhub.schema.JobStatus.OK ? Stage.DONE : Stage.FAILED;
        } else if (progress != null) {
            stage = Stage.IN_PROGRESS;
        } else if (position != null) {
            stage = position.taken() ? Stage.TAKEN : Stage.QUEUED;
        } else {
            stage = Stage.UNKNOWN;
        }
        return new JobState(jobId, stage, result, progress, position);
    }
}
