package io.asrhub.bench;

/**
 * One way of serving concurrent recognition requests. {@link #submit} must not block: it hands the job
 * to the strategy's own queueing and calls {@code done} exactly once, from any thread, when the job
 * finished or failed. Runs inside a child JVM started for this strategy alone, so its memory and
 * crashes are its own.
 */
interface Strategy extends AutoCloseable {
    /** Loads the model(s) and prepares every slot; timed as part of start-up. */
    void start() throws Exception;

    void submit(BenchJob job, float[] audio, Done done);

    /**
     * Recognitions running right now, for the slot-use figure (busy slots while work is queued);
     * -1 when the strategy cannot tell.
     */
    default int busySlots() {
        return -1;
    }

    /** Peak resident memory of helper processes this strategy started (0 when it runs in-process). */
    default long childProcessesPeakRssKb() {
        return 0;
    }

    @Override
    void close();

    /** Completion callback: the transcript text, or the error when the job failed. */
    interface Done {
        void finished(String text, Throwable error);
    }
}
