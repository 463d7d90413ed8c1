package io.asrhub.records;

/**
 * Whether a fetched record value can be decoded now. A value in the schema-registry wire format
 * whose schema id this process has not resolved yet cannot: its schema is being fetched in the
 * background, and the reader keeps the record and asks again later instead of waiting on its poll
 * thread or dead-lettering a record whose only fault is a registry that has not answered yet.
 */
@FunctionalInterface
public interface SchemaReadiness {
    /**
     * How long a reader waits for a registry that does not answer before it hands the record on as
     * unreadable (the worker: held back in its queue; the CLI: in place). One bound for all readers.
     */
    java.time.Duration REGISTRY_WAIT = java.time.Duration.ofSeconds(60);

    /** Values are always ready (no registry configured). */
    SchemaReadiness IMMEDIATE = (topic, value) -> value;

    /** The value to decode (possibly re-headed as single-object), or null when its schema is not known yet. */
    byte[] ready(String topic, byte[] value);
}
