package io.asrhub.kafka;

/** Size lanes: separate topics so a short clip never queues behind a long recording. */
public enum Lane {
    SMALL, MEDIUM, LARGE
}
