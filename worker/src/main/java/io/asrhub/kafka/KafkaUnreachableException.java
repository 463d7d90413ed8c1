package io.asrhub.kafka;

/**
 * No Kafka broker answered at the configured bootstrap address in time. The command line reports it
 * as one {@code error:} line with its own exit code, so scripts can tell "the cluster is not there"
 * from "bad configuration" or "some inputs failed".
 */
public final class KafkaUnreachableException extends Exception {
    public KafkaUnreachableException(String message) {
        super(message);
    }
}
