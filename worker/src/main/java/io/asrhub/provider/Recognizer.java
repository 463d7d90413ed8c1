package io.asrhub.provider;

import io.asrhub.errors.AsrException;

/**
 * One pool slot: an engine instance that serves one request at a time. The pool guarantees it is
 * never used by two threads at once, so implementations need no locking of their own.
 */
public interface Recognizer extends AutoCloseable {
    Transcript transcribe(RecognitionRequest request) throws AsrException;

    /** Cheap liveness probe used by the pool's health check; must not block for long. */
    default boolean isHealthy() {
        return true;
    }

    @Override
    void close();
}
