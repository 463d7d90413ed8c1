package io.asrhub.kafka;

import io.asrhub.recognition.RecognitionService;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The stream worker: one consumer on all lanes, jobs run on a thread per pool slot, results are
 * published and offsets committed from the single poll thread.
 *
 * <p>Back-pressure: a lane whose next record cannot start (no admission slot) has its partitions
 * paused; the loop keeps polling, so the member stays in the group however long a job runs,
 * and resumes the lane when a slot frees.
 */
public final class AsrWorker implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(AsrWorker.class);
    private static final Duration POLL = Duration.ofMillis(20);

    private final WorkerSettings settings;
    private final Consumer<String, byte[]> consumer;
    private final ResultPublisher publisher;
    private final JobProcessor processor;
    private final LaneAdmission admission;
    private final OffsetTracker offsets = new OffsetTracker();
    private final LaneBacklog backlog;
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final ExecutorService jobThreads;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean abortNow;
    private volatile Thread pollThread;
    private long lastCommitNanos = System.nanoTime();
    private int rebalances;

    public AsrWorker(WorkerSettings settings, RecognitionService recognition, WorkerMetrics metrics) {
        this(settings, recognition, metrics,
                KafkaClients.laneConsumer(settings, Math.max(2, recognition.pool().options().maxSize())),
                KafkaClients.producer(settings,
                        settings.exactlyOnce() ? "asr-hub-" + settings.groupId() + "-" + settings.workerId() : null));
    }

    /** With given clients: unit tests pass MockConsumer/MockProducer here. */
    public AsrWorker(WorkerSettings settings, RecognitionService recognition, WorkerMetrics metrics,
                     Consumer<String, byte[]> consumer, Producer<String, byte[]> producer) {
        this.settings = settings;
        int slots = recognition.pool().options().maxSize();
        this.admission = new LaneAdmission(slots, Math.min(settings.smallReservedSlots(), Math.max(0, slots - 1)));
        this.consumer = consumer;
        this.backlog = new LaneBacklog(settings.topics());
        this.publisher = settings.exactlyOnce() ? new TransactionalPublisher(producer, consumer, offsets)
                : new AtLeastOncePublisher(producer, consumer, offsets);
        this.processor = new JobProcessor(recognition, new JobAudioSource(settings.referenceRoots(),
                recognition.decoder().limits().maxBytes()), settings, metrics);
        this.jobThreads = Executors.newFixedThreadPool(slots, r -> new Thread(r, "asr-job"));
        for (Lane lane : Lane.values()) {
            metrics.laneGauge("asr.lane.in_flight", lane, () -> admission.inFlight(lane));
        }
    }

    /** Runs the poll loop on a new thread. */
    @Override
    public void start() {
        Thread t = new Thread(this::run, "asr-worker-poll");
        pollThread = t;
        t.start();
    }

    /** Graceful: stop fetching, let in-flight jobs finish within the grace period, commit, leave. */
    @Override
    public void stop() {
        running = false;
        consumer.wakeup();
        awaitStopped(settings.shutdownGrace().plusSeconds(15));
    }

    /** Simulates a crash for tests: in-flight work is dropped without publishing or committing. */
    public void kill() {
        abortNow = true;
        running = false;
        jobThreads.shutdownNow();
        consumer.wakeup();
        awaitStopped(Duration.ofSeconds(15));
    }

    public boolean awaitStopped(Duration timeout) {
        try {
            return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True while the poll loop runs; false once it stopped, for whatever reason. */
    public boolean isRunning() {
        return stopped.getCount() > 0 && pollThread != null && pollThread.isAlive();
    }

    /** Number of partition revocations seen; a long job must not cause any. */
    public int rebalances() {
        return rebalances;
    }

    private void run() {
        try {
            consumer.subscribe(settings.topics().lanes(), new Rebalance());
            while (running) {
                pollOnce();
            }
            if (!abortNow) {
                drainOnShutdown();
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("unexpected wakeup", e);
            }
            if (!abortNow) {
                drainOnShutdown();
            }
        } catch (RuntimeException e) {
            LOG.error("worker poll loop failed; stopping without committing unfinished work", e);
        } finally {
            jobThreads.shutdownNow();
            closeQuietly();
            stopped.countDown();
        }
    }

    private void pollOnce() {
        ConsumerRecords<String, byte[]> records;
        try {
            records = consumer.poll(POLL);
        } catch (WakeupException e) {
            return; // stop() was called: the loop condition ends the run
        }
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            offsets.fetched(tp, r.offset());
            backlog.add(r);
        }
        backlog.dispatch(admission, this::startJob);
        publishFinished();
        backlog.applyBackPressure(consumer, !running);
        if (System.nanoTime() - lastCommitNanos > settings.commitInterval().toNanos()) {
            publisher.commit(false, consumer.assignment());
            lastCommitNanos = System.nanoTime();
        }
    }

    private void startJob(ConsumerRecord<String, byte[]> r, Lane lane) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        offsets.started(tp, r.offset());
        jobThreads.execute(() -> runJob(r, lane, tp));
    }

    private void runJob(ConsumerRecord<String, byte[]> record, Lane lane, TopicPartition tp) {
        JobOutcome outcome = JobOutcome.ABANDONED;
        try {
            outcome = processor.process(record, lane);
        } catch (RuntimeException | Error e) {
            LOG.error("job {}@{} failed unexpectedly; it stays uncommitted and will be redone", tp, record.offset(), e);
        } finally {
            admission.finished(lane);
            completions.add(new Completion(tp, record.offset(), outcome));
        }
    }

    private void publishFinished() {
        List<Completion> batch = new ArrayList<>();
        Completion c;
        while ((c = completions.poll()) != null) {
            if (c.outcome().abandoned()) {
                offsets.abandoned(c.partition(), c.offset());
            } else {
                batch.add(c);
            }
        }
        if (!batch.isEmpty()) {
            publisher.publish(batch);
        }
        publisher.collectAcknowledgements();
    }

    private void drainOnShutdown() {
        backlog.clear();
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        consumer.pause(consumer.assignment());
        while (admission.inFlight() > 0 && System.nanoTime() < deadline) {
            publishFinished();
            consumer.poll(POLL); // keeps group membership alive while we wait; partitions are paused
        }
        jobThreads.shutdownNow(); // abandon what did not make the grace period: it stays uncommitted
        awaitJobThreads();
        publishFinished();
        publisher.flush();
        publisher.commit(true, consumer.assignment());
        LOG.info("worker {} stopped; {} job(s) abandoned uncommitted", settings.workerId(), offsets.running());
    }

    private void awaitJobThreads() {
        try {
            jobThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("closing consumer: {}", e.toString());
        }
        try {
            publisher.close();
        } catch (RuntimeException e) {
            LOG.warn("closing producer: {}", e.toString());
        }
    }

    /** Cooperative rebalancing: only the partitions that move are revoked. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            offsets.assigned(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            rebalances++;
            backlog.drop(partitions);
            long deadline = System.nanoTime() + settings.revokeGrace().toNanos();
            while (offsets.running(partitions) > 0 && System.nanoTime() < deadline && !abortNow) {
                publishFinished();
                sleepBriefly();
            }
            publishFinished();
            if (!abortNow) {
                publisher.flush();
                try {
                    publisher.commit(true, partitions);
                } catch (RuntimeException e) {
                    LOG.warn("commit on revocation failed; the new owner will redo some jobs: {}", e.toString());
                }
            }
            offsets.removed(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            backlog.drop(partitions);
            offsets.removed(partitions);
        }

        private void sleepBriefly() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
