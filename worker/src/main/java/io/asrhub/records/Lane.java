package io.asrhub.records;

/** Size lanes: separate topics so a short clip never queues behind a long recording. */
public enum Lane {
    SMALL, MEDIUM, LARGE
}
