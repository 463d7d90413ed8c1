package io.asrhub.worker;

import io.asrhub.config.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.pool.Reservation;
import io.asrhub.pool.SlotClaim;
import io.asrhub.records.Lane;
import io.asrhub.testsupport.FakeProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Aging on a scripted clock: a pool of 3 slots (1 reserved for the small lane) is kept 100 % busy
 * by a flood of small jobs of 1 s each; one medium and one large job wait in the backlog. Slots
 * are the real pool's; jobs "run" by holding their reservation until their scripted end.
 */
class BacklogAgingTest {
    private static final long MS = 1_000_000L;
    private static final long SMALL_JOB = 1000 * MS;
    private static final long STEP = 50 * MS;

    private record Running(Reservation slot, long endNanos, Lane lane) {
    }

    private long offset;

    private PendingJob job(Lane lane, long queuedAt) {
        PendingJob job = new PendingJob(new ConsumerRecord<>("asr.jobs." + lane, 0, offset++, "k", new byte[0]), 0, lane,
                null, "fake");
        job.queuedAtNanos = queuedAt;
        return job;
    }

    /** Runs the flood for {@code seconds}; returns when each non-small job started (ns after 0), or -1. */
    private Map<Lane, Long> flood(Duration aging, int seconds) throws Exception {
        Backlog backlog = new Backlog();
        backlog.ageBy(aging);
        Map<Lane, Long> started = new EnumMap<>(Lane.class);
        try (RecognizerPool pool = RecognizerPool.start("fake", new FakeProvider(), PoolOptions.builder().minSize(3)
                .maxSize(3).reservedSlots(1).warmUp(false).activeHealthCheck(false).build(), new SimpleMeterRegistry())) {
            List<Running> running = new ArrayList<>();
            long base = 1_000_000 * MS; // an arbitrary origin for the scripted clock
            backlog.add(job(Lane.MEDIUM, base));
            backlog.add(job(Lane.LARGE, base));
            for (long now = base; now < base + seconds * 1000 * MS; now += STEP) {
                long t = now;
                running.removeIf(r -> {
                    if (r.endNanos() <= t) {
                        r.slot().close();
                        return true;
                    }
                    return false;
                });
                while (backlog.size(Lane.SMALL) < 10) { // the flood: always more small jobs queued
                    backlog.add(job(Lane.SMALL, now));
                }
                backlog.dispatch(now, j -> {
                    Optional<Reservation> slot = pool.tryReserve(SlotClaim.job(j.lane == Lane.SMALL));
                    slot.ifPresent(s -> {
                        running.add(new Running(s, t + (j.lane == Lane.SMALL ? SMALL_JOB : 30_000 * MS), j.lane));
                        if (j.lane != Lane.SMALL) {
                            started.put(j.lane, t - base);
                        }
                    });
                    return slot.isPresent();
                });
                long ordinary = running.stream().filter(r -> r.lane() != Lane.SMALL).count();
                assertTrue(ordinary <= 2, "a medium/large job took the slot reserved for small jobs");
                assertEquals(3, running.size(), "the pool stays 100 % busy");
            }
        }
        return started;
    }

    @Test
    void withoutAgingASmallFloodStarvesMediumAndLargeJobs() throws Exception {
        Map<Lane, Long> started = flood(Duration.ZERO, 60);
        assertTrue(started.isEmpty(), "started: " + started);
    }

    @Test
    void withAgingMediumAndLargeStartWithinTheStatedBound() throws Exception {
        Duration aging = Duration.ofSeconds(5);
        Map<Lane, Long> started = flood(aging, 60);
        // The bound (docs/configuration.md): lane index x aging, plus until one slot frees (one small job).
        long mediumBound = aging.toNanos() + SMALL_JOB + STEP;
        long largeBound = 2 * aging.toNanos() + SMALL_JOB + STEP;
        assertTrue(started.containsKey(Lane.MEDIUM) && started.get(Lane.MEDIUM) <= mediumBound,
                "medium started at " + started.get(Lane.MEDIUM) / MS + " ms");
        assertTrue(started.containsKey(Lane.LARGE) && started.get(Lane.LARGE) <= largeBound,
                "large started at " + started.get(Lane.LARGE) / MS + " ms");
        assertTrue(started.get(Lane.MEDIUM) >= aging.toNanos(), "not before it aged: small jobs still go first");
    }
}
