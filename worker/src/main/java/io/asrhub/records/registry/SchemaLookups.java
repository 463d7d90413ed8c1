package io.asrhub.records.registry;

import io.asrhub.records.AvroCodec;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * What a reader knows about the schema ids it has met: the single-object header an id turns into,
 * ids that cannot be read, and fetches still to make. One instance per record format, shared by
 * all its readers, so each id is fetched once per process.
 *
 * <p>Two ways to ask. {@link #lookup} never waits: an unknown id is fetched on a background thread
 * and the caller is told to come back ({@link Lookup#UNAVAILABLE}); the worker's poll thread asks
 * this way, because a wait there would hold up commits, lock renewals and every other partition.
 * {@link #await} waits (with backoff while the registry does not answer) and is for readers with
 * nothing else to do meanwhile: the CLI's {@code results} and {@code status}.
 */
public final class SchemaLookups {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaLookups.class);
    private static final int CACHED_IDS = 1024;
    static final long FIRST_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 5_000;

    /** Where an id stands now. */
    public enum State { KNOWN, UNREADABLE, UNAVAILABLE }

    /** {@code header} is set when {@code state} is KNOWN. */
    public record Lookup(State state, byte[] header) {
        static final Lookup UNREADABLE = new Lookup(State.UNREADABLE, null);
        public static final Lookup UNAVAILABLE = new Lookup(State.UNAVAILABLE, null);
    }

    private final RegistryClient registry;
    private final LongSupplier clockMs;
    private final Map<Integer, Lookup> known = bounded();
    /** Ids being fetched now, and per id the earliest time the next fetch may start (backoff). */
    private final Set<Integer> fetching = ConcurrentHashMap.newKeySet();
    private final Map<Integer, long[]> retryAt = new ConcurrentHashMap<>();
    private volatile ExecutorService fetcher;

    public SchemaLookups(RegistryClient registry) {
        this(registry, System::currentTimeMillis);
    }

    SchemaLookups(RegistryClient registry, LongSupplier clockMs) {
        this.registry = registry;
        this.clockMs = clockMs;
    }

    /** Without waiting: KNOWN (with its header), UNREADABLE, or UNAVAILABLE while a fetch is due or running. */
    public Lookup lookup(String topic, int id) {
        Lookup hit = known.get(id);
        if (hit != null) {
            return hit;
        }
        long[] next = retryAt.get(id);
        if ((next == null || clockMs.getAsLong() >= next[0]) && fetching.add(id)) {
            fetcher().execute(() -> {
                try {
                    fetchOnce(topic, id);
                } finally {
                    fetching.remove(id);
                }
            });
        }
        return Lookup.UNAVAILABLE;
    }

    /**
     * {@code value} ready to decode without waiting: reframed as single-object once its id is
     * known, unchanged when it is not registry-framed or cannot be read (the codec then says why),
     * or null while its schema is still being fetched.
     */
    public byte[] readyValue(String topic, byte[] value) {
        if (!RegistryWireFormat.isFramed(value) || RegistryWireFormat.schemaId(value) <= 0) {
            return value;
        }
        Lookup now = lookup(topic, RegistryWireFormat.schemaId(value));
        return switch (now.state()) {
            case KNOWN -> RegistryWireFormat.reframe(now.header(), value);
            case UNREADABLE -> value;
            case UNAVAILABLE -> null;
        };
    }

    /** Waiting up to {@code waitMs} while the registry does not answer; null unless the id is KNOWN. */
    public byte[] await(String topic, int id, long waitMs) {
        long deadline = clockMs.getAsLong() + waitMs;
        while (true) {
            Lookup hit = known.get(id);
            if (hit == null) {
                fetchOnce(topic, id);
                hit = known.get(id);
            }
            if (hit != null) {
                return hit.header();
            }
            long backoff = retryAt.getOrDefault(id, new long[]{0, FIRST_BACKOFF_MS})[1];
            if (clockMs.getAsLong() + backoff > deadline) {
                LOG.warn("{}: giving up on schema id {} after {} ms: the schema registry does not answer", topic, id,
                        waitMs);
                return null;
            }
            try {
                Thread.sleep(backoff); // a backoff between registry calls, not a wait for a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** One registry call for {@code id}; its answer is remembered, or the next try pushed back. */
    private void fetchOnce(String topic, int id) {
        try {
            Schema writer = registry.schemaById(id);
            if (!AvroCodec.canRead(writer)) {
                LOG.warn("{}: schema id {} ({}) is not a record asr-hub can read", topic, id, writer.getFullName());
                known.put(id, Lookup.UNREADABLE);
            } else {
                AvroCodec.registerWriterSchema(writer);
                known.put(id, new Lookup(State.KNOWN, AvroCodec.singleObjectHeader(writer)));
            }
            retryAt.remove(id);
        } catch (RegistryClient.UnknownSchemaException e) {
            LOG.warn("{}: {}", topic, e.getMessage());
            known.put(id, Lookup.UNREADABLE);
            retryAt.remove(id);
        } catch (RegistryClient.RegistryUnavailableException e) {
            long[] previous = retryAt.get(id);
            long backoff = previous == null ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, previous[1] * 2);
            retryAt.put(id, new long[]{clockMs.getAsLong() + backoff, backoff});
            LOG.warn("{}: {}; schema id {} is tried again in {} ms", topic, e.getMessage(), id, backoff);
        }
    }

    private ExecutorService fetcher() {
        ExecutorService f = fetcher;
        if (f == null) {
            synchronized (this) {
                if (fetcher == null) {
                    fetcher = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "asr-registry-lookup");
                        t.setDaemon(true); // never keeps a stopping process alive
                        return t;
                    });
                }
                f = fetcher;
            }
        }
        return f;
    }

    private static Map<Integer, Lookup> bounded() {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Lookup> eldest) {
                return size() > CACHED_IDS;
            }
        });
    }
}
