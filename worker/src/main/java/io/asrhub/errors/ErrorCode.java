package io.asrhub.errors;

/**
 * Stable, machine-readable failure reasons. They appear on dead-letter records and in CLI
 * errors, so renaming one is a breaking change.
 */
public enum ErrorCode {
    EMPTY_INPUT(false),
    NOT_AUDIO(false),
    UNSUPPORTED_FORMAT(false),
    CORRUPT_AUDIO(false),
    /** The container declares more audio than is present (a partial upload); see audio.accept-truncated. */
    TRUNCATED_AUDIO(false),
    TOO_LARGE(false),
    TOO_LONG(false),
    BAD_REFERENCE(false),
    MALFORMED_RECORD(false),
    MODEL_MISSING(false),
    MODEL_INVALID(false),
    CONFIG_INVALID(false),
    POOL_EXHAUSTED(true),
    POOL_CLOSED(true),
    PROVIDER_FAILED(true),
    PROVIDER_REJECTED(false),
    UNKNOWN_PROVIDER(false),
    IO_ERROR(true),
    INTERRUPTED(true),
    /** A piece of a long job ran past chunking.piece-timeout-ms on every dispatch it was given. */
    PIECE_TIMEOUT(false),
    /** A text field of the record (job id, hint, reference, attribute) is over its bound (docs/schemas.md). */
    FIELD_TOO_LARGE(false),
    /** A job split into pieces got no piece result for chunking.split-timeout-ms (its pieces stopped arriving). */
    SPLIT_TIMEOUT(false);

    private final boolean transientFailure;

    ErrorCode(boolean transientFailure) {
        this.transientFailure = transientFailure;
    }

    /** True when retrying the same input later may succeed (a broken instance, a timeout). */
    public boolean isTransient() {
        return transientFailure;
    }
}
