package io.asrhub.cli;

/** Process exit codes, documented in README. */
final class ExitCodes {
    static final int OK = 0;
    /** Some inputs failed; the others were processed. */
    static final int SOME_FAILED = 1;
    /** Nothing could run: bad configuration or no model. */
    static final int SETUP_FAILED = 2;
    /** No Kafka broker answered at the bootstrap address within {@code kafka.connect-timeout-ms}. */
    static final int KAFKA_UNREACHABLE = 3;
    /** The worker stopped without being asked to (broker lost, fatal producer error, crashed loop). */
    static final int WORKER_FAILED = 4;

    private ExitCodes() {
    }
}
