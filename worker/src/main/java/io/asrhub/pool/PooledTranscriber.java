package io.asrhub.pool;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.provider.Transcript;

/**
 * Acquire, recognise, release — with the rule for when an instance is considered broken: an
 * engine failure (not a bad input) retires the instance so the next caller gets a fresh one.
 */
public final class PooledTranscriber {
    private final RecognizerPool pool;

    public PooledTranscriber(RecognizerPool pool) {
        this.pool = pool;
    }

    public RecognizerPool pool() {
        return pool;
    }

    public Result transcribe(RecognitionRequest request) throws AsrException {
        return transcribe(pool.acquire(), request);
    }

    /** Recognises on a slot reserved earlier (worker admission): never waits for capacity. */
    public Result transcribe(Reservation reservation, RecognitionRequest request) throws AsrException {
        return transcribe(reservation.lease(), request);
    }

    private Result transcribe(Lease acquired, RecognitionRequest request) throws AsrException {
        try (Lease lease = acquired) {
            long start = System.nanoTime();
            try {
                Transcript transcript = lease.recognizer().transcribe(request);
                return new Result(transcript, lease.waitNanos() / 1_000_000, (System.nanoTime() - start) / 1_000_000);
            } catch (AsrException e) {
                if (e.code() == ErrorCode.PROVIDER_FAILED) {
                    lease.markBroken();
                }
                throw e;
            } catch (RuntimeException e) {
                lease.markBroken();
                throw new AsrException(ErrorCode.PROVIDER_FAILED,
                        request.source() + ": recognizer failed (" + e + "); the instance was replaced", e);
            }
        }
    }

    /** A transcript with the time spent waiting for a slot and the time spent recognising. */
    public record Result(Transcript transcript, long waitMs, long processingMs) {
    }
}
