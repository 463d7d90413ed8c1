package io.asrhub.worker;

import io.asrhub.audio.WavWriter;
import io.asrhub.records.AvroCodec;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.FakeProvider;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static io.asrhub.worker.MockWorker.SMALL_0;
import static io.asrhub.worker.MockWorker.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fairness between producers on a real worker with a scripted engine (a gated {@link FakeProvider})
 * and a mock consumer that honours pause and {@code max.poll.records} like the real one: tenant A
 * holds 100 queued jobs when tenant B submits one. The bound these tests check is the one stated
 * in docs/configuration.md ("Fairness between producers").
 */
class TenantFairnessTest {
    private static final int SLOTS = 2;
    private final MockWorker w = new MockWorker();

    @AfterEach
    void stop() {
        w.close();
    }

    static ConsumerRecord<String, byte[]> job(TopicPartition tp, long offset, String id, String tenant) {
        byte[] audio = WavWriter.pcm16(new float[1600], 16_000);
        AudioJob job = AudioJob.newBuilder().setJobId(id).setSubmittedAtMs(Instant.now())
                .setAudio(new InlineAudio(ByteBuffer.wrap(audio))).setByteSize(audio.length).setAttributes(Map.of())
                .setTenant(tenant).build();
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, id, AvroCodec.encode(job));
    }

    /**
     * A's 100 jobs are fetched and queued (2 running, 98 waiting) behind a closed gate, then B's one
     * job arrives; the gate opens. Returns how many of A's results were published before B's.
     */
    private int aResultsBeforeB(int readAhead, boolean fair) throws Exception {
        w.consumer.setMaxPollRecords(SLOTS); // the worker's own setting: max(2, slots)
        w.provider("fake", SLOTS, 0).set("worker.max-queued-per-partition", String.valueOf(readAhead))
                .set("lanes.tenant-fairness", String.valueOf(fair)).start();
        FakeProvider engine = w.providers.get("fake");
        CountDownLatch gate = new CountDownLatch(1);
        engine.gate = gate;
        for (int i = 0; i < 100; i++) {
            w.add(job(SMALL_0, i, "a-" + i, "A"));
        }
        int queuedA = Math.min(100 - SLOTS, readAhead); // paused at the read-ahead (one poll may overshoot)
        waitUntil(() -> engine.concurrentCalls.get() == SLOTS && backlog() >= queuedA);
        w.add(job(SMALL_0, 100, "b-0", "B"));
        w.awaitPolls(5);
        engine.workMillis = 30; // longer than a poll turn, so the read-ahead stays full as in a real backlog
        engine.gate = null;
        gate.countDown();
        waitUntil(() -> w.results().size() == 101);
        List<TranscriptResult> results = w.results();
        assertTrue(results.stream().allMatch(r -> r.getStatus() == JobStatus.OK));
        waitUntil(() -> w.committed(SMALL_0) == 101);
        return (int) results.stream().takeWhile(r -> !r.getJobId().equals("b-0")).count();
    }

    private double backlog() {
        return w.gauge("asr.lane.backlog", "lane", "small", "pool", "fake");
    }

    @Test
    void withTheWholeRunInTheReadAheadBStartsAtTheNextFreeSlot() throws Exception {
        int before = aResultsBeforeB(128, true);
        // B is admitted as soon as one of the two running A jobs ends: at most the two running A
        // jobs and the one that took the other freed slot finish before it; 97 of A's are still to come.
        assertTrue(before <= SLOTS + 1, "A results before B's: " + before);
    }

    @Test
    void withoutFairnessBWaitsForAllOfA() throws Exception {
        int before = aResultsBeforeB(128, false);
        assertTrue(before >= 100 - SLOTS, "fetch order: B's job is behind A's 100, got " + before);
    }

    @Test
    void theReadAheadBoundsHowFarPastARunTheWorkerLooks() throws Exception {
        int readAhead = 8;
        int before = aResultsBeforeB(readAhead, true);
        // B's record is fetched only once fewer than readAhead A jobs wait in its partition (one poll
        // of max.poll.records may overshoot); from then on it is next at the first free slot.
        assertTrue(before >= 100 - readAhead - SLOTS - SLOTS, "B cannot start before it is fetched: " + before);
        assertTrue(before <= 100 - readAhead + SLOTS + 1, "B starts at the next free slot once fetched: " + before);
    }

    @Test
    void aTenantAtItsCapLeavesFreeSlotsToOthers() throws Exception {
        w.provider("fake", 3, 0).set("lanes.tenant-max-in-flight", "1")
                .set("worker.max-queued-per-partition", "16").start();
        FakeProvider engine = w.providers.get("fake");
        CountDownLatch gate = new CountDownLatch(1);
        engine.gate = gate;
        for (int i = 0; i < 5; i++) {
            w.add(job(SMALL_0, 2 * i, "a-" + i, "A"));
            w.add(job(SMALL_0, 2 * i + 1, "b-" + i, "B"));
        }
        waitUntil(() -> engine.concurrentCalls.get() == 2 && backlog() == 8);
        w.awaitPolls(20);
        assertEquals(2, engine.concurrentCalls.get(), "A and B run one job each; the third slot stays free for others");
        w.add(job(SMALL_0, 10, "c-0", "C"));
        waitUntil(() -> engine.concurrentCalls.get() == 3);
        engine.gate = null;
        gate.countDown();
        waitUntil(() -> w.results().size() == 11);
        assertEquals(3, engine.maxConcurrentCalls.get());
        waitUntil(() -> w.committed(SMALL_0) == 11);
    }

    @Test
    void theReadAheadIsBoundedInBytesToo() throws Exception {
        int recordBytes = job(SMALL_0, 0, "x", "A").value().length;
        w.consumer.setMaxPollRecords(SLOTS);
        w.provider("fake", 1, 0).set("worker.max-queued-per-partition", "100")
                .set("worker.max-queued-bytes-per-partition", String.valueOf(3 * recordBytes)).start();
        FakeProvider engine = w.providers.get("fake");
        CountDownLatch gate = new CountDownLatch(1);
        engine.gate = gate;
        for (int i = 0; i < 20; i++) {
            w.add(job(SMALL_0, i, "a-" + i, "A"));
        }
        waitUntil(() -> w.consumer.paused().contains(SMALL_0));
        w.awaitPolls(10);
        assertTrue(backlog() <= 3 + SLOTS, "three records' bytes, plus at most one poll: " + backlog());
        engine.gate = null;
        gate.countDown();
        waitUntil(() -> w.results().size() == 20);
        waitUntil(() -> w.committed(SMALL_0) == 20);
    }

    @Test
    void anOverlongTenantIsOneDeadLetterThatNamesTheFieldAndNotTheValue() throws Exception {
        w.provider("fake", 1, 0).start();
        String hostile = "x".repeat(65);
        w.add(job(SMALL_0, 0, "long-tenant", hostile));
        w.add(job(SMALL_0, 1, "fine", "A"));
        waitUntil(() -> w.deadLetters().size() == 1 && w.results().size() == 2);
        TranscriptResult letter = w.deadLetters().get(0);
        assertEquals("FIELD_TOO_LARGE", letter.getErrorCode());
        assertTrue(letter.getErrorMessage().contains("tenant"), letter.getErrorMessage());
        assertFalse(letter.getErrorMessage().contains(hostile), "the message never repeats the value");
        waitUntil(() -> w.committed(SMALL_0) == 2);
        assertTrue(w.registry.find("asr.tenant.queue_wait").meters().isEmpty(), "tenant meters are opt-in");
    }
}
