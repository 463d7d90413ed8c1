package io.asrhub.worker;

import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.offsets.OffsetTracker;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.publish.AtLeastOncePublisher;
import io.asrhub.publish.Completion;
import io.asrhub.publish.ResultPublisher;
import io.asrhub.publish.RetryPolicy;
import io.asrhub.publish.TransactionalPublisher;
import io.asrhub.records.Lane;
import io.asrhub.recognition.RecognitionPools;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The stream worker: one consumer on all lanes; a single poll thread fetches, queues jobs per
 * (lane, provider), admits them when a pool slot is free, publishes what finished and commits
 * the contiguous finished prefix. Jobs run on their own threads.
 *
 * <p>Back-pressure: a partition with a queued job is paused; the loop keeps polling, so the member
 * stays in the group however long a job runs. Transient failures stay uncommitted and back off
 * (per provider, with a circuit breaker); only permanent ones are dead-lettered.
 */
public final class AsrWorker implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(AsrWorker.class);
    private static final Duration POLL = Duration.ofMillis(20);

    private final WorkerSettings settings;
    private final PieceSettings pieces;
    private final Consumer<String, byte[]> consumer;
    private final ResultPublisher publisher;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Backlog backlog = new Backlog();
    private final Dispatcher dispatcher;
    private final Intake intake;
    private final WorkerMetrics metrics;
    private final WorkerHealth health;
    private final LaneLag lag;
    private final Rebalance rebalance;
    private final FinishedJobs finished;
    private final PieceWatchdog watchdog;
    private final PartitionPauser pauser;
    private final WorkerClients clients;
    private final boolean probeBroker;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean abortNow;
    private volatile long stopRequestedNanos;
    private volatile Thread pollThread;
    private long lastCommitNanos = System.nanoTime();
    private final List<KafkaClientMetrics> clientMetrics;

    /** A worker that runs every job whole (no distributed long-audio pieces). */
    public AsrWorker(WorkerSettings settings, RecognitionPools pools, WorkerMetrics metrics) {
        this(settings, pools, metrics, PieceSettings.OFF);
    }

    /** With {@code pieces}: long jobs of its lanes are split for the group, and pieces are consumed. */
    public AsrWorker(WorkerSettings settings, RecognitionPools pools, WorkerMetrics metrics, PieceSettings pieces) {
        this(settings, pools, metrics, pieces,
                KafkaClients.laneConsumer(settings, Math.max(2, pools.totalSlots())),
                KafkaClients.producer(settings,
                        settings.exactlyOnce() ? "asr-hub-" + settings.groupId() + "-" + settings.workerId() : null),
                true);
    }

    /** With given clients: unit tests pass MockConsumer/MockProducer here (and no broker probe). */
    public AsrWorker(WorkerSettings settings, RecognitionPools pools, WorkerMetrics metrics, PieceSettings pieces,
                     Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, boolean probeBroker) {
        this.settings = settings;
        this.pieces = pieces;
        this.metrics = metrics;
        this.consumer = consumer;
        this.probeBroker = probeBroker;
        this.health = new WorkerHealth(settings.brokerTimeout());
        RetryPolicy retry = new RetryPolicy(settings.publishAttempts(), settings.retryBackoff(),
                settings.retryBackoffMax());
        this.publisher = settings.exactlyOnce() ? new TransactionalPublisher(producer, consumer, offsets, retry)
                : new AtLeastOncePublisher(producer, consumer, offsets, retry);
        PieceHandling pieceHandling = PieceHandling.create(pieces, settings, metrics.registry());
        JobProcessor processor = new JobProcessor(new JobAudioSource(settings.referenceRoots(),
                pools.defaultService().decoder().limits().maxBytes()), new ResultRecords(settings), metrics,
                pieceHandling);
        this.dispatcher = new Dispatcher(pools, settings, processor,
                () -> pieces.lendReservedSlot() && backlog.size(Lane.SMALL) == 0);
        this.intake = new Intake(new JobRouter(pools.names(), settings.laneProviders(), pools.defaultProvider()),
                pools, processor);
        this.lag = new LaneLag(settings.topics());
        this.finished = new FinishedJobs(dispatcher, offsets, backlog, publisher,
                new RetryDecision(settings, metrics, processor, pools));
        this.watchdog = new PieceWatchdog(pieces.pieceTimeout(), settings.maxAttempts(), dispatcher, offsets,
                publisher, pieceHandling);
        this.rebalance = new Rebalance(offsets, backlog, publisher, finished, settings, metrics, health,
                () -> abortNow);
        WorkerMeters meters = new WorkerMeters(metrics, dispatcher, backlog, lag, health);
        meters.register(pools.names());
        if (pieceHandling != null) {
            meters.registerPieces(pieceHandling.metrics(), pools.names());
        }
        this.pauser = new PartitionPauser(consumer, backlog, settings.maxQueuedPerPartition());
        this.clients = new WorkerClients(consumer, publisher);
        // Kafka's own client metrics (lag, fetch and request rates), as Micrometer meters.
        this.clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer));
        clientMetrics.forEach(m -> m.bindTo(metrics.registry()));
    }

    @Override
    public void start() {
        Thread t = new Thread(this::run, "asr-worker-poll");
        pollThread = t;
        health.started();
        t.start();
    }

    /** Graceful: stop fetching, let in-flight jobs finish; the whole stop takes at most the shutdown grace. */
    @Override
    public void stop() {
        if (stopRequestedNanos == 0) {
            stopRequestedNanos = System.nanoTime();
        }
        health.stopping();
        running = false;
        consumer.wakeup();
        awaitStopped(settings.shutdownGrace().plusSeconds(5));
    }

    /** Simulates a crash for tests: in-flight work is dropped without publishing or committing. */
    public void kill() {
        abortNow = true;
        running = false;
        dispatcher.close();
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

    public WorkerHealth health() {
        return health;
    }

    /** Why the loop stopped without being asked to, or null. */
    public Throwable failure() {
        return health.failure();
    }

    /** Number of partition revocations seen; a long job must not cause any. */
    public int rebalances() {
        return rebalance.revocations();
    }

    /** Number of lane partitions this worker owns now. */
    public int ownedPartitions() {
        return rebalance.ownedPartitions();
    }

    private void run() {
        Throwable failure = null;
        BrokerProbe probe = probeBroker ? BrokerProbe.start(settings, health) : null;
        try {
            consumer.subscribe(sourceTopics(), rebalance);
            while (running) {
                pollOnce();
            }
            if (!abortNow) {
                drainOnShutdown();
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
                LOG.error("worker poll loop woken unexpectedly; stopping", e);
            } else if (!abortNow) {
                drainOnShutdown();
            }
        } catch (Throwable e) {
            failure = e;
            LOG.error("worker poll loop failed; stopping without committing unfinished work", e);
        } finally {
            health.stopped(failure);
            dispatcher.close();
            if (probe != null) {
                probe.close();
            }
            if (failure != null || abortNow) {
                clients.closeAfterFailure();
            }
            clientMetrics.forEach(KafkaClientMetrics::close);
            stopped.countDown();
        }
    }

    /** The lanes, plus the pieces topic when this worker takes part in splitting long jobs. */
    private List<String> sourceTopics() {
        List<String> topics = new java.util.ArrayList<>(settings.topics().lanes());
        if (pieces.enabled()) {
            topics.add(pieces.topics().pieces());
        }
        return topics;
    }

    private void pollOnce() {
        ConsumerRecords<String, byte[]> records;
        try {
            records = consumer.poll(POLL);
        } catch (WakeupException e) {
            if (running) {
                throw new IllegalStateException("consumer woken while running", e);
            }
            return; // stop() was called: the loop condition ends the run
        }
        for (ConsumerRecord<String, byte[]> r : records) {
            accept(r);
        }
        cycle();
        if (System.nanoTime() - lastCommitNanos > settings.commitInterval().toNanos()) {
            publisher.commit(false, consumer.assignment());
            lastCommitNanos = System.nanoTime();
            lag.update(consumer);
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        long epoch = offsets.epoch(tp);
        offsets.fetched(tp, epoch, r.offset());
        Intake.Accepted a = r.topic().equals(pieces.topics().pieces()) && pieces.enabled()
                ? intake.acceptPiece(r, epoch) : intake.accept(r, epoch, settings.topics().laneOf(r.topic()));
        if (a.job() != null) {
            backlog.add(a.job());
        } else {
            publisher.publish(List.of(new Completion(tp, epoch, r.offset(), a.rejected())));
        }
    }

    /** One turn of the controller: start what can start, handle what finished, pause what must wait. */
    void cycle() {
        long now = System.nanoTime();
        dispatcher.startDueProbes(now);
        backlog.dispatch(now, job -> {
            if (!dispatcher.tryStart(job, now)) {
                return false;
            }
            offsets.started(job.partition, job.epoch, job.offset());
            return true;
        });
        handleFinished();
        watchdog.check(now);
        pauser.apply(running);
    }

    void handleFinished() {
        finished.handle();
    }

    /** Finishes within the shutdown grace, measured from the stop request, then commits and leaves. */
    private void drainOnShutdown() {
        long deadline = stopRequestedNanos + settings.shutdownGrace().toNanos() - closingReserveNanos();
        backlog.clear();
        consumer.pause(consumer.assignment());
        while (dispatcher.running() > 0 && System.nanoTime() < deadline) {
            handleFinished();
            consumer.poll(POLL); // keeps group membership alive while we wait; partitions are paused
        }
        handleFinished();
        int abandoned = dispatcher.running();
        for (Lane lane : Lane.values()) {
            metrics.abandoned(lane, dispatcher.running(lane));
        }
        long left = stopRequestedNanos + settings.shutdownGrace().toNanos() - System.nanoTime();
        publisher.flush(Duration.ofNanos(Math.max(Duration.ofMillis(500).toNanos(), left)));
        publisher.commit(true, consumer.assignment());
        clients.close();
        LOG.info("worker {} stopped; {} job(s) still running at the end of the grace period were abandoned "
                + "uncommitted and will be redone by the partitions' next owner", settings.workerId(), abandoned);
    }

    /** Time kept back from the grace for the final flush, commit and client closes. */
    private long closingReserveNanos() {
        return Math.min(Duration.ofSeconds(3).toNanos(), settings.shutdownGrace().toNanos() / 4);
    }
}
