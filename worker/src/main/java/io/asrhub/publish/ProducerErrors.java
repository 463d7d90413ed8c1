package io.asrhub.publish;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Which producer errors end the worker. Following Kafka's own exactly-once example: a fenced
 * producer, a broken sequence, missing rights, an unsupported broker or a record the producer can
 * never send will fail the same way every time, so retrying only hides the problem; everything
 * else (timeouts, leader changes, disconnects) is retried with backoff.
 */
public final class ProducerErrors {
    private ProducerErrors() {
    }

    public static boolean isFatal(Throwable error) {
        Throwable e = error;
        while (e != null) {
            if (e instanceof ProducerFencedException || e instanceof OutOfOrderSequenceException
                    || e instanceof AuthorizationException || e instanceof AuthenticationException
                    || e instanceof UnsupportedVersionException || e instanceof SerializationException
                    || e instanceof InvalidProducerEpochException || e instanceof RecordTooLargeException) {
                return true;
            }
            e = e.getCause();
        }
        return false;
    }
}
