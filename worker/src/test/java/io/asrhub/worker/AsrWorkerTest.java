package io.asrhub.worker;

import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import org.apache.kafka.common.errors.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import static io.asrhub.worker.MockWorker.LARGE_0;
import static io.asrhub.worker.MockWorker.MEDIUM_0;
import static io.asrhub.worker.MockWorker.SMALL_0;
import static io.asrhub.worker.MockWorker.job;
import static io.asrhub.worker.MockWorker.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The job pipeline's rules on mock clients (no broker), on a consumer group's source here and on
 * share groups' in {@link AsrWorkerShareTest}: back-pressure, contiguous commits, routing to several pools, the failure policy (backoff, breaker, dead letters only for
 * permanent failures), fallback, assignment epochs and unrequested stops.
 */
class AsrWorkerTest {
    final MockWorker w = new MockWorker(mode());

    /** The source under test; {@link AsrWorkerShareTest} runs every rule again on share groups. */
    MockWorker.Mode mode() {
        return MockWorker.Mode.GROUP;
    }

    @AfterEach
    void stop() {
        w.close();
    }

    @Test
    void laneWithoutAFreeSlotIsPausedAndResumedWhenWorkDrains() throws Exception {
        assumeTrue(w.isGroup(), "pausing partitions is the consumer group's back-pressure");
        w.provider("fake", 1, 0).start();
        w.providers.get("fake").workMillis = 100;
        for (int i = 0; i < 3; i++) {
            w.add(job(SMALL_0, i, "job-" + i, null));
        }
        waitUntil(() -> w.consumer.paused().contains(SMALL_0));
        waitUntil(() -> w.results().size() == 3);
        waitUntil(() -> w.consumer.paused().isEmpty());
        waitUntil(() -> w.committed(SMALL_0) == 3);
        assertEquals(1, w.providers.get("fake").maxConcurrentCalls.get(), "one slot, one job at a time");
    }

    @Test
    void commitsStopAtTheFirstUnfinishedRecord() throws Exception {
        w.provider("fake", 2, 0).start();
        w.providers.get("fake").gate = new CountDownLatch(1);
        w.add(job(SMALL_0, 0, "held-0", null));
        waitUntil(() -> w.providers.get("fake").concurrentCalls.get() == 1);
        w.providers.get("fake").gate = null; // later jobs pass; held-0 still waits on the old latch
        w.add(job(SMALL_0, 1, "fast-1", null));
        w.add(job(SMALL_0, 2, "fast-2", null));
        waitUntil(() -> w.results().size() == 2);
        w.awaitPolls(10); // several commit intervals
        assertTrue(w.committed(SMALL_0) <= 0, "offset 0 is unfinished, committed " + w.committed(SMALL_0));
        w.close(); // opens the gate
    }

    @Test
    void transientFailuresBackOffAndTheJobSucceedsWithoutADeadLetter() throws Exception {
        w.provider("fake", 1, 0).start();
        w.providers.get("fake").down = true;
        w.add(job(SMALL_0, 0, "job-0", null));
        waitUntil(() -> w.providers.get("fake").calls.get() >= 2);
        w.providers.get("fake").down = false;
        waitUntil(() -> w.results().size() == 1);
        TranscriptResult r = w.results().get(0);
        assertEquals(JobStatus.OK, r.getStatus());
        assertTrue(r.getAttempts() >= 3, "attempts count every try, got " + r.getAttempts());
        assertEquals(0, w.deadLetters().size());
        waitUntil(() -> w.committed(SMALL_0) == 1);
    }

    @Test
    void anOutageOpensTheBreakerAndDeadLettersNothing() throws Exception {
        w.provider("fake", 2, 1).set("worker.breaker-failures", "3").set("worker.max-attempts", "2").start();
        w.providers.get("fake").down = true;
        for (int i = 0; i < 10; i++) {
            w.add(job(SMALL_0, i, "job-" + i, null));
        }
        waitUntil(() -> w.gauge("asr.provider.breaker.state", "pool", "fake") == 2);
        w.awaitPolls(30);
        assertEquals(0, w.deadLetters().size(), "an outage is not the jobs' fault");
        w.providers.get("fake").down = false;
        waitUntil(() -> w.results().size() == 10);
        assertTrue(w.results().stream().allMatch(r -> r.getStatus() == JobStatus.OK));
        assertEquals(0, w.deadLetters().size());
        assertEquals(0, w.gauge("asr.provider.breaker.state", "pool", "fake"));
        assertTrue(w.gauge("asr.provider.breaker.opened", "pool", "fake") >= 1);
        assertTrue(w.gauge("asr.provider.breaker.closed", "pool", "fake") >= 1);
        waitUntil(() -> w.committed(SMALL_0) == 10);
    }

    @Test
    void aJobThatKeepsFailingWhileItsProviderWorksIsDeadLettered() throws Exception {
        w.provider("fake", 1, 0).set("worker.max-attempts", "3").set("worker.breaker-failures", "2").start();
        w.add(job(SMALL_0, 0, "poison-0", null));
        w.add(job(SMALL_0, 1, "fine-1", null));
        waitUntil(() -> w.deadLetters().size() == 1);
        TranscriptResult letter = w.deadLetters().get(0);
        assertEquals("poison-0", letter.getJobId());
        assertEquals("PROVIDER_FAILED", letter.getErrorCode());
        assertTrue(letter.getErrorMessage().contains("failed 3 times"), letter.getErrorMessage());
        assertNotNull(letter.getOriginalJob());
        waitUntil(() -> w.committed(SMALL_0) == 2);
    }

    @Test
    void badInputIsDeadLetteredAtOnceWithoutTouchingARecognizer() throws Exception {
        w.provider("fake", 1, 0).start();
        w.add(new org.apache.kafka.clients.consumer.ConsumerRecord<>(SMALL_0.topic(), 0, 0L, "junk",
                "not avro".getBytes()));
        w.add(job(SMALL_0, 1, "ok-1", null));
        waitUntil(() -> w.deadLetters().size() == 1 && w.results().size() == 2);
        assertEquals("MALFORMED_RECORD", w.deadLetters().get(0).getErrorCode());
        assertEquals(1, w.providers.get("fake").calls.get(), "only the good job was recognised");
        waitUntil(() -> w.committed(SMALL_0) == 2);
    }

    @Test
    void hintsRouteToTheirPoolAndAnUnknownHintIsAFailedResult() throws Exception {
        w.provider("a", 1, 0).provider("b", 1, 0).start();
        w.add(job(SMALL_0, 0, "to-b", "b"));
        w.add(job(SMALL_0, 1, "to-default", null));
        w.add(job(SMALL_0, 2, "to-nowhere", "nope"));
        waitUntil(() -> w.results().size() == 3);
        for (TranscriptResult r : w.results()) {
            switch (r.getJobId()) {
                case "to-b" -> assertEquals("b", r.getProvider());
                case "to-default" -> assertEquals("a", r.getProvider());
                default -> {
                    assertEquals(JobStatus.FAILED, r.getStatus());
                    assertEquals("UNKNOWN_PROVIDER", r.getErrorCode());
                }
            }
        }
        assertEquals(1, w.deadLetters().size());
    }

    @Test
    void aSaturatedProviderDoesNotHoldUpAnotherProvidersJobs() throws Exception {
        w.provider("a", 1, 0).provider("b", 1, 0).start();
        w.providers.get("a").gate = new CountDownLatch(1);
        w.add(job(SMALL_0, 0, "a-held", "a"));
        w.add(job(SMALL_0, 1, "a-queued", "a"));
        for (int i = 2; i < 6; i++) {
            w.add(job(SMALL_0, i, "b-" + i, "b"));
        }
        waitUntil(() -> w.results().size() == 4);
        assertTrue(w.results().stream().allMatch(r -> r.getProvider().equals("b")));
        w.providers.get("a").gate.countDown();
        waitUntil(() -> w.results().size() == 6);
        waitUntil(() -> w.committed(SMALL_0) == 6);
    }

    @Test
    void jobsGoToTheFallbackWhileTheBreakerIsOpen() throws Exception {
        w.provider("a", 1, 0).provider("b", 1, 0).fallback("a", "b").set("worker.breaker-failures", "1")
                .set("worker.breaker-open-ms", "60000").start();
        w.providers.get("a").down = true;
        for (int i = 0; i < 4; i++) {
            w.add(job(SMALL_0, i, "job-" + i, null));
        }
        waitUntil(() -> w.results().size() == 4);
        assertTrue(w.results().stream().allMatch(r -> r.getStatus() == JobStatus.OK && r.getProvider().equals("b")),
                "served by the fallback");
        assertEquals(0, w.deadLetters().size());
    }

    @Test
    void mediumAndLargeJobsNeverTakeTheSlotReservedForSmall() throws Exception {
        w.provider("fake", 2, 1).start();
        w.providers.get("fake").gate = new CountDownLatch(1);
        w.add(job(MEDIUM_0, 0, "m-0", null));
        w.add(job(LARGE_0, 0, "l-0", null));
        waitUntil(() -> w.providers.get("fake").concurrentCalls.get() == 1);
        w.awaitPolls(10);
        assertEquals(1, w.providers.get("fake").concurrentCalls.get(), "the second slot is kept for small jobs");
        CountDownLatch held = w.providers.get("fake").gate;
        w.providers.get("fake").gate = null;
        w.add(job(SMALL_0, 0, "s-0", null));
        waitUntil(() -> w.results().size() == 1);
        assertEquals("s-0", w.results().get(0).getJobId(), "the small job ran beside the held long one");
        held.countDown();
        waitUntil(() -> w.results().size() == 3);
    }

    @Test
    void aCompletionFromAnEarlierAssignmentIsIgnored() throws Exception {
        assumeTrue(w.isGroup(), "assignments are the consumer group's; share mode: AsrWorkerShareTest");
        w.provider("fake", 1, 0).set("worker.revoke-grace-ms", "50").start();
        w.providers.get("fake").gate = new CountDownLatch(1);
        w.add(job(SMALL_0, 0, "stale", null));
        waitUntil(() -> w.providers.get("fake").concurrentCalls.get() == 1);
        CountDownLatch held = w.providers.get("fake").gate;
        w.providers.get("fake").gate = null;
        w.consumer.schedulePollTask(() -> w.consumer.rebalance(List.of(MEDIUM_0, LARGE_0)));
        waitUntil(() -> !w.consumer.assignment().contains(SMALL_0));
        w.consumer.schedulePollTask(() -> {
            w.consumer.rebalance(MockWorker.ALL);
            w.consumer.seek(SMALL_0, 0);
        });
        waitUntil(() -> w.consumer.assignment().contains(SMALL_0));
        held.countDown(); // the old run finishes now, in an old epoch
        w.add(job(SMALL_0, 0, "stale", null)); // the new assignment fetches the record again
        waitUntil(() -> w.results().size() >= 1);
        waitUntil(() -> w.committed(SMALL_0) == 1);
        w.awaitPolls(10);
        assertEquals(1, w.results().size(), "only the new assignment's run is published");
        assertTrue(w.registry.get("asr.jobs.abandoned").tag("lane", "small").counter().count() >= 1);
    }

    @Test
    void aFailingPollLoopStopsTheWorkerAndReportsWhy() throws Exception {
        w.provider("fake", 1, 0).start();
        assertTrue(w.worker.health().isReady());
        if (w.isGroup()) {
            w.consumer.setPollException(new AuthenticationException("bad credentials"));
        } else {
            w.share(SMALL_0).setPollException(new AuthenticationException("bad credentials"));
        }
        assertTrue(w.worker.awaitStopped(java.time.Duration.ofSeconds(10)));
        assertNotNull(w.worker.health().failure());
        assertFalse(w.worker.health().isLive());
        assertFalse(w.worker.health().isReady());
    }

    /** A partial upload is not a finished transcript: TRUNCATED_AUDIO at once, unless accepted and flagged. */
    @Test
    void truncatedAudioIsDeadLetteredUnlessAcceptedAndThenFlagged() throws Exception {
        byte[] cut = io.asrhub.audio.WavWriter.pcm16(new float[8_000], 16_000); // 0.5 s present
        int data = new String(cut, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("data");
        java.nio.ByteBuffer.wrap(cut, data + 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(16_000 * 2 * 5);
        w.provider("fake", 1, 0).start();
        w.add(job(SMALL_0, 0, "cut", null, cut));
        waitUntil(() -> w.deadLetters().size() == 1);
        assertEquals("TRUNCATED_AUDIO", w.deadLetters().get(0).getErrorCode());
        assertEquals(1, w.deadLetters().get(0).getAttempts(), "permanent: not retried");

        try (MockWorker accepting = new MockWorker(mode())) {
            accepting.limits(io.asrhub.config.AudioLimits.DEFAULT.withAcceptTruncated(true)).provider("fake", 1, 0)
                    .start();
            accepting.add(job(SMALL_0, 0, "cut", null, cut));
            accepting.add(job(SMALL_0, 1, "whole", null));
            waitUntil(() -> accepting.results().size() == 2);
            for (TranscriptResult r : accepting.results()) {
                assertEquals(JobStatus.OK, r.getStatus());
                assertEquals(r.getJobId().equals("cut"), r.getTruncated(), "only the partial transcript says so");
            }
        }
    }

    /**
     * A registry-framed job whose schema id is not known yet is held back while the registry does
     * not answer (its delivery kept open), the poll loop and the jobs behind it go on meanwhile,
     * and it runs once the registry answers: no dead letter for a registry outage.
     */
    @Test
    void aJobWaitingForItsSchemaHoldsUpNeitherTheLoopNorTheJobsBehindIt() throws Exception {
        try (io.asrhub.records.registry.FlakyRegistry registry = new io.asrhub.records.registry.FlakyRegistry()
                .with(41, io.asrhub.schema.AudioJob.getClassSchema())) {
            registry.hang(); // the registry takes no call back: nothing may wait for it
            w.provider("fake", 1, 0).set("records.registry.url", registry.url()).start();
            var plain = job(SMALL_0, 0, "framed-0", null);
            byte[] framed = new byte[plain.value().length - io.asrhub.records.AvroCodec.HEADER_LENGTH + 5];
            java.nio.ByteBuffer.wrap(framed).put((byte) 0).putInt(41)
                    .put(plain.value(), io.asrhub.records.AvroCodec.HEADER_LENGTH, framed.length - 5);
            w.add(new org.apache.kafka.clients.consumer.ConsumerRecord<>(SMALL_0.topic(), 0, 0L, "framed-0", framed));
            w.add(job(SMALL_0, 1, "plain-1", null));
            waitUntil(() -> w.results().size() == 1);
            assertEquals("plain-1", w.results().get(0).getJobId());
            w.awaitPolls(20);
            // One lookup in flight, not one per loop turn (20+ turns so far); a second one only if the
            // first outlived the client's 10 s request timeout on a loaded machine.
            assertTrue(registry.requests() <= 2, "lookups: " + registry.requests());
            registry.release(); // that lookup fails (503), later ones are retried with backoff
            waitUntil(() -> registry.requests() >= 2);
            w.awaitPolls(5);
            assertEquals(1, w.results().size());
            assertEquals(0, w.deadLetters().size(), "a registry outage is not the record's fault");
            assertTrue(w.committed(SMALL_0) <= 0, "the held record's delivery stays open");
            registry.answering(true);
            waitUntil(() -> w.results().size() == 2);
            assertEquals(JobStatus.OK, w.results().get(1).getStatus());
            assertEquals("framed-0", w.results().get(1).getJobId());
            assertEquals(0, w.deadLetters().size());
            waitUntil(() -> w.committed(SMALL_0) == 2);
        }
    }
}
