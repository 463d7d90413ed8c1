package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.publish.JobOutcome;

/** How a job run ended, as handed from the job thread to the poll thread. */
sealed interface JobResult permits JobResult.Finished, JobResult.Retry, JobResult.Abandoned {
    JobResult ABANDONED = new Abandoned();

    /** Done for good: publish these records (a result, or a failure with its dead letter). */
    record Finished(JobOutcome outcome) implements JobResult {
    }

    /** A transient failure: the poll thread backs off and tries again, or gives up by its rules. */
    record Retry(AsrException error) implements JobResult {
    }

    /** Cut short by shutdown: stays uncommitted and is done again by whoever owns the partition next. */
    record Abandoned() implements JobResult {
    }
}
