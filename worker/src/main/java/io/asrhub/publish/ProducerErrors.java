package io.asrhub.publish;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Which producer errors end the worker. Following Kafka's own exactly-once example: a fenced
 * producer, a broken sequence, missing rights or an unsupported broker will fail the same way
 * every time, so retrying only hides the problem; everything else (timeouts, leader changes,
 * disconnects) is retried with backoff.
 *
 * <p>An error that belongs to one record (too large, refused by the broker's record checks, not
 * serialisable) is neither: the producer is fine and every other record can still be sent, so it
 * fails that record ({@link OversizedRecords}), never the worker. Treating it as fatal let one
 * hostile record stop every worker of the group in turn (issue 15).
 */
public final class ProducerErrors {
    private ProducerErrors() {
    }

    public static boolean isFatal(Throwable error) {
        Throwable e = error;
        while (e != null) {
            if (e instanceof ProducerFencedException || e instanceof OutOfOrderSequenceException
                    || e instanceof AuthorizationException || e instanceof AuthenticationException
                    || e instanceof UnsupportedVersionException || e instanceof InvalidProducerEpochException) {
                return true;
            }
            e = e.getCause();
        }
        return false;
    }

    /** True when {@code error} is about one record's content, not the producer's state. */
    public static boolean isRecordError(Throwable error) {
        Throwable e = error;
        while (e != null) {
            if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                    || e instanceof InvalidRecordException || e instanceof SerializationException) {
                return !isFatal(error);
            }
            e = e.getCause();
        }
        return false;
    }
}
