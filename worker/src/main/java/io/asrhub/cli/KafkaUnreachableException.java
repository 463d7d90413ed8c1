package io.asrhub.cli;

/**
 * No Kafka broker answered at the configured bootstrap address in time. Reported as one
 * {@code error:} line with its own exit code ({@link ExitCodes#KAFKA_UNREACHABLE}), so scripts can
 * tell "the cluster is not there" from "bad configuration" or "some inputs failed".
 */
final class KafkaUnreachableException extends Exception {
    KafkaUnreachableException(String message) {
        super(message);
    }
}
