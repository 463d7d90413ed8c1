package io.asrhub.worker;

import io.asrhub.kafka.BrokerProbe;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.publish.ResultPublisher;
import io.asrhub.records.Lane;
import io.asrhub.recognition.RecognitionPools;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The job pipeline, whatever the records' {@link JobSource}: a single poll thread fetches, queues
 * jobs per (lane, provider), admits them when their provider accepts work and a pool slot is free,
 * publishes what finished and lets the source make it final. Jobs run on their own threads.
 *
 * <p>Transient failures back off here (per job and per provider, with a circuit breaker and an
 * optional fallback), keeping their delivery; only permanent failures are dead-lettered. Long jobs
 * are split into pieces that run like jobs, and a watchdog bounds a piece's time.
 */
public final class AsrWorker implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(AsrWorker.class);
    private static final Duration POLL = Duration.ofMillis(20);

    private final WorkerSettings settings;
    private final JobSource source;
    private final ResultPublisher publisher;
    private final Backlog backlog = new Backlog();
    private final Dispatcher dispatcher;
    private final Intake intake;
    private final WorkerMetrics metrics;
    private final WorkerHealth health;
    private final FinishedJobs finished;
    private final PieceWatchdog watchdog;
    private final TenantMeters tenantMeters;
    private final boolean probeBroker;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean abortNow;
    private volatile long stopRequestedNanos;
    private volatile Thread pollThread;
    private final java.util.concurrent.atomic.AtomicLong turns = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param pieces      with splitting on, long jobs of its lanes are split and the source delivers pieces
     * @param probeBroker whether to ask the broker for its cluster id every few seconds (off in unit tests)
     */
    public AsrWorker(WorkerSettings settings, RecognitionPools pools, WorkerMetrics metrics, PieceSettings pieces,
                     JobSource source, boolean probeBroker) {
        this.settings = settings;
        backlog.ageBy(settings.laneAging());
        this.metrics = metrics;
        this.source = source;
        this.probeBroker = probeBroker;
        this.publisher = source.publisher();
        this.health = new WorkerHealth(settings.brokerTimeout());
        PieceHandling pieceHandling = PieceHandling.create(pieces, settings, metrics.registry(),
                source::partitionCount, source::pieceMembers, source.pieceProducer());
        JobProcessor processor = new JobProcessor(new JobAudioSource(settings.referenceRoots(),
                pools.defaultService().decoder().limits().maxBytes()), new ResultRecords(settings), metrics,
                pieceHandling);
        // A piece may borrow the small lane's reserved slot while no small job waits: a small job
        // then waits at most for one piece, since every piece is short.
        this.dispatcher = new Dispatcher(pools, settings, processor,
                () -> pieces.lendReservedSlot() && backlog.size(Lane.SMALL) == 0);
        backlog.shareBy(settings.tenants(), dispatcher::running);
        this.tenantMeters = new TenantMeters(metrics.registry(), settings.tenants().meterTags());
        this.intake = new Intake(new JobRouter(pools.names(), settings.laneProviders(), pools.defaultProvider()),
                pools, processor, new io.asrhub.trace.TraceHeaders(metrics.registry()), settings.records().readiness());
        this.finished = new FinishedJobs(dispatcher, source, backlog, publisher,
                new RetryDecision(settings, metrics, processor, pools));
        this.watchdog = new PieceWatchdog(pieces.pieceTimeout(), settings.maxAttempts(), dispatcher, source,
                publisher, pieceHandling);
        new WorkerMeters(metrics, dispatcher, backlog, source::lag, health).register(pools.names(),
                pieceHandling == null ? null : pieceHandling.metrics());
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
        source.wakeup();
        awaitStopped(settings.shutdownGrace().plusSeconds(5));
    }

    /** Simulates a crash for tests: in-flight work is dropped without publishing or committing. */
    public void kill() {
        abortNow = true;
        running = false;
        dispatcher.close();
        source.wakeup();
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

    /** How this worker takes its records (start-up lines), e.g. "consumer group G, pieces via share group G-pieces". */
    public String describeSource() {
        return source.describe();
    }

    /** Number of partition revocations seen; a long job must not cause any. */
    public int rebalances() {
        return source.revocations();
    }

    /** Number of lane partitions this worker owns now (consumer group). */
    public int ownedPartitions() {
        return source.ownedPartitions();
    }

    private void run() {
        org.slf4j.MDC.put(io.asrhub.logging.JobLog.WORKER, settings.workerId()); // every line of the poll thread
        Throwable failure = null;
        BrokerProbe probe = probeBroker ? BrokerProbe.watch(settings, health::brokerChecked) : null;
        try {
            source.open(new SourceRequests(health, backlog, dispatcher, finished, metrics, () -> abortNow));
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
                source.closeNow();
            }
            stopped.countDown();
        }
    }

    /** Turns the poll loop has made so far (tests wait on it instead of sleeping). */
    public long loopTurns() {
        return turns.get();
    }

    private void pollOnce() {
        health.polled();
        turns.incrementAndGet();
        List<JobSource.Fetched> fetched;
        try {
            fetched = source.poll(POLL, true);
        } catch (WakeupException e) {
            if (running) {
                throw new IllegalStateException("consumer woken while running", e);
            }
            return; // stop() was called: the loop condition ends the run
        }
        fetched.forEach(f -> intake.take(f, backlog, publisher));
        cycle();
        source.maintain(running);
    }

    /** One turn of the controller: start what can start, handle what finished, check pieces' time. */
    void cycle() {
        long now = System.nanoTime();
        dispatcher.startDueProbes(now);
        List<PendingJob> heldForSchema = new java.util.ArrayList<>(); // leave the backlog, taken again below
        backlog.dispatch(now, job -> job.awaitingSchema != null ? heldForSchema.add(job) : start(job, now));
        heldForSchema.forEach(held -> intake.retake(held, backlog, publisher));
        finished.handle();
        watchdog.check(now);
    }

    private boolean start(PendingJob job, long now) {
        if (!dispatcher.tryStart(job, now)) {
            return false;
        }
        source.started(job.partition, job.epoch, job.offset());
        tenantMeters.started(job);
        return true;
    }

    /** Finishes within the shutdown grace, measured from the stop request, then settles and leaves. */
    private void drainOnShutdown() {
        long deadline = stopRequestedNanos + settings.shutdownGrace().toNanos() - closingReserveNanos();
        backlog.forEach(p -> source.abandoned(p.partition, p.epoch, p.offset()));
        backlog.clear();
        source.pauseAll();
        while (dispatcher.running() > 0 && System.nanoTime() < deadline) {
            finished.handle();
            source.maintain(false);
            source.poll(POLL, false); // keeps the membership (or the locks) alive while jobs finish
        }
        finished.handle();
        int abandoned = dispatcher.running();
        for (Lane lane : Lane.values()) {
            metrics.abandoned(lane, dispatcher.running(lane));
        }
        long left = stopRequestedNanos + settings.shutdownGrace().toNanos() - System.nanoTime();
        publisher.flush(Duration.ofNanos(Math.max(Duration.ofMillis(500).toNanos(), left)));
        source.finish();
        LOG.info("worker {} stopped; {} job(s) still running at the end of the grace period were abandoned "
                + "unfinished and will be redone by whoever takes their records next", settings.workerId(), abandoned);
    }

    /** Time kept back from the grace for the final flush, commit and client closes. */
    private long closingReserveNanos() {
        return Math.min(Duration.ofSeconds(3).toNanos(), settings.shutdownGrace().toNanos() / 4);
    }
}
