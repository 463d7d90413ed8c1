package io.asrhub.publish;

/** Results can no longer be published (a fatal producer error, or retries exhausted): the worker must stop. */
public final class PublishFailedException extends RuntimeException {
    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
