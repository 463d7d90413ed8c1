package io.asrhub.share;

import io.asrhub.records.Lane;
import io.asrhub.kafka.WorkerSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A worker in share groups (one per lane): any number of workers take records from the same
 * partitions, each record under the broker's acquisition lock, acknowledged on its own.
 *
 * <p>Capacity is the pool: a lane's consumer is polled only while that lane may start a job (lane
 * admission, small-lane reservation), acquires no more than the lane's slots, and releases at once
 * a record it cannot start. A job longer than the lock keeps it: running records are renewed at
 * every poll and at least every third of the lock time. ACCEPT/REJECT are sent only after the
 * result and dead letter are confirmed by the broker.
 */
public final class ShareLaneWorker {
    private static final Logger LOG = LoggerFactory.getLogger(ShareLaneWorker.class);
    private static final Duration IDLE_WAIT = Duration.ofMillis(20);
    private static final Duration RENEWING_POLL_INTERVAL = Duration.ofMillis(250);

    private final WorkerSettings settings;
    private final ShareSettings share;
    private final JobRunner runner;
    private final List<LaneConsumer> lanes = new ArrayList<>();
    private final ConfirmedPublisher publisher;
    private final java.util.Map<Lane, java.util.concurrent.atomic.AtomicInteger> inFlight =
            new java.util.EnumMap<>(Lane.class);
    private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private final ExecutorService jobThreads;
    private final MeterRegistry meters;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<AutoCloseable> closeOnStop = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile boolean abortNow;

    private record Finished(LaneConsumer lane, HeldRecords.Key key, JobRun run) {
    }

    /** {@code consumers}: one share consumer per lane, each in that lane's share group. */
    public ShareLaneWorker(WorkerSettings settings, ShareSettings share, int slots, JobRunner runner,
                           Map<Lane, ShareConsumer<String, byte[]>> consumers, Producer<String, byte[]> producer,
                           MeterRegistry meters) {
        this.settings = settings;
        this.share = share;
        this.runner = runner;
        this.publisher = new ConfirmedPublisher(producer);
        this.meters = meters;
        // Not a capacity limit: the runner reserved a pool slot before a job gets a thread.
        this.jobThreads = Executors.newFixedThreadPool(slots, r -> new Thread(r, "asr-share-job"));
        for (Lane lane : Lane.values()) {
            lanes.add(new LaneConsumer(lane, consumers.get(lane), meters));
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            inFlight.put(lane, n);
            Gauge.builder("asr.lane.in_flight", n::get).tag("lane", tag(lane)).description("jobs of the lane running now")
                    .register(meters);
        }
    }

    /** Resources that live as long as the worker (e.g. its backlog meter). */
    public void closeOnStop(AutoCloseable resource) {
        closeOnStop.add(resource);
    }

    public void start() {
        for (LaneConsumer lc : lanes) {
            lc.consumer.subscribe(List.of(settings.topics().lane(lc.lane)));
        }
        new Thread(this::run, "asr-share-poll").start();
    }

    /** Graceful: take no new records, let running jobs finish within the grace period, release the rest. */
    public void stop() {
        running = false;
        awaitStopped(settings.shutdownGrace().plusSeconds(15));
    }

    /** Abrupt, for tests: jobs are interrupted and nothing more is published; held records are released. */
    public void kill() {
        abortNow = true;
        running = false;
        jobThreads.shutdownNow();
        lanes.forEach(lc -> lc.consumer.wakeup());
        awaitStopped(Duration.ofSeconds(15));
    }

    /** True until the loop has stopped, for whatever reason. */
    public boolean isRunning() {
        return stopped.getCount() > 0;
    }

    public boolean awaitStopped(Duration timeout) {
        try {
            return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        long graceEnd = Long.MAX_VALUE;
        try {
            while (!abortNow && (running || held() > 0)) {
                if (!running && graceEnd == Long.MAX_VALUE) {
                    graceEnd = System.nanoTime() + settings.shutdownGrace().toNanos();
                }
                if (System.nanoTime() > graceEnd) {
                    jobThreads.shutdownNow(); // interrupted jobs come back as RELEASE
                    jobThreads.awaitTermination(5, TimeUnit.SECONDS);
                    break;
                }
                step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("share worker loop failed; unacknowledged records return when their locks expire", e);
        } finally {
            jobThreads.shutdownNow();
            settleFinished();
            for (LaneConsumer lc : lanes) {
                lc.releaseHeldAndClose();
            }
            publisher.close();
            for (AutoCloseable c : closeOnStop) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("closing {}: {}", c, e.toString());
                }
            }
            stopped.countDown();
        }
    }

    private void step() throws InterruptedException {
        settleFinished();
        for (LaneConsumer lc : lanes) {
            boolean acknowledged = lc.acknowledgeDecided();
            long lockNanos = lc.lockNanos(share.recordLock());
            for (HeldRecords.Key lost : lc.held.dropLost(lockNanos)) {
                LOG.warn("lost the lock on {}; the broker may hand it to another worker", lost);
            }
            long sincePoll = System.nanoTime() - lc.lastPollNanos;
            // Each poll must renew the running records it returned; while some are back in the
            // batch, poll less often so a free slot does not turn into a stream of renewals.
            boolean room = running && hasRoomFor(lc.lane)
                    && (!lc.held.hasRunningInBatch() || sincePoll >= RENEWING_POLL_INTERVAL.toNanos());
            boolean renewDue = lc.held.size() > 0 && sincePoll >= lockNanos / 3;
            if (room || renewDue || lc.held.awaitingRedelivery()) {
                lc.renewRunning();
                poll(lc);
            } else if (acknowledged) {
                lc.consumer.commitAsync(); // send the acknowledgements now, not at the next poll
            }
        }
        Finished f = finished.poll(IDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (f != null) {
            finished.add(f); // settled at the top of the next step
        }
    }

    /** Whether the lane could start a job now: a pool it may use has a free slot for it. */
    private boolean hasRoomFor(Lane lane) {
        return runner.hasRoom(lane);
    }

    private void poll(LaneConsumer lc) {
        lc.lastPollNanos = System.nanoTime();
        Iterable<ConsumerRecord<String, byte[]>> records;
        try {
            records = lc.consumer.poll(Duration.ZERO); // fetches run in the background; no need to block here
        } catch (WakeupException e) {
            return;
        }
        for (ConsumerRecord<String, byte[]> r : records) {
            if (lc.held.redelivered(r)) {
                continue; // a renewed record of ours, still running
            }
            if (!running) {
                lc.acknowledge(r, AcknowledgeType.RELEASE);
                continue;
            }
            int attempt = r.deliveryCount().map(Short::intValue).orElse(1);
            JobRunner.Started started = runner.admit(r, lc.lane, new JobRunner.Attempt(attempt, share.deliveryLimit()));
            if (started.run() == null && started.settled().verdict() == Verdict.RELEASE) {
                lc.acknowledge(r, AcknowledgeType.RELEASE); // never hold a record it cannot start
                continue;
            }
            lc.held.hold(r, lc.lane);
            if (started.run() == null) {
                finished.add(new Finished(lc, HeldRecords.Key.of(r), started.settled())); // rejected at once
                continue;
            }
            inFlight.get(lc.lane).incrementAndGet();
            jobThreads.execute(() -> runJob(lc, r, started));
        }
    }

    private void runJob(LaneConsumer lc, ConsumerRecord<String, byte[]> record, JobRunner.Started started) {
        JobRun run = JobRun.RELEASED;
        try {
            run = started.run().get();
        } catch (RuntimeException | Error e) {
            LOG.error("job {}-{}@{} failed unexpectedly; releasing it", record.topic(), record.partition(),
                    record.offset(), e);
        } finally {
            inFlight.get(lc.lane).decrementAndGet();
            finished.add(new Finished(lc, HeldRecords.Key.of(record), run));
        }
    }

    /** Publishes finished jobs' records; a verdict stands only once the broker confirmed them. */
    private void settleFinished() {
        Finished f;
        while ((f = finished.poll()) != null) {
            boolean written = !abortNow && publisher.publish(f.run().publish());
            Verdict verdict = written ? f.run().verdict() : Verdict.RELEASE;
            if (!f.lane().held.decide(f.key(), verdict)) {
                LOG.warn("{} finished after its lock was lost; result published, not acknowledged", f.key());
            }
        }
    }

    private int held() {
        return lanes.stream().mapToInt(lc -> lc.held.size()).sum();
    }

    private static String tag(Lane lane) {
        return lane.name().toLowerCase(Locale.ROOT);
    }
}
