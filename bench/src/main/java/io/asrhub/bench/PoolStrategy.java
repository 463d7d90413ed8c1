package io.asrhub.bench;

import io.asrhub.records.Lane;
import io.asrhub.records.LaneRouter;
import io.asrhub.pool.Lease;
import io.asrhub.pool.Reservation;
import io.asrhub.pool.RecognizerPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * asr-hub's design: one loaded model, N decoding states in a {@link RecognizerPool}, jobs routed to size
 * lanes by the worker's {@link LaneRouter} and admitted the way the worker admits them: a pool slot is
 * reserved without blocking before a job starts (medium and large together may use at most N - reserved
 * slots). Kafka is left out: each lane is a FIFO queue here,
 * and the dispatcher offers a free slot to the small lane first, as the worker's poll loop admits
 * whatever its lanes' backlogs allow. Like that loop, it also retries every {@value #RETRY_MS} ms: a slot
 * can come free without a job ending (the pool's idle health check gives back the slot it held).
 */
final class PoolStrategy implements Strategy {
    private record Waiting(BenchJob job, float[] audio, Done done) {
    }

    private final Path model;
    private final int slots;
    private final int threads;
    private final int reservedForSmall;
    private final Map<Lane, Deque<Waiting>> lanes = new EnumMap<>(Lane.class);
    static final long RETRY_MS = 10;

    private final ExecutorService runners = Executors.newCachedThreadPool();
    private final java.util.concurrent.ScheduledExecutorService retry =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pool-dispatch-retry");
                t.setDaemon(true);
                return t;
            });
    private RecognizerPool pool;

    PoolStrategy(Path model, int slots, int threads, int reservedForSmall) {
        this.model = model;
        this.slots = slots;
        this.threads = threads;
        this.reservedForSmall = slots > 1 ? reservedForSmall : 0;
        for (Lane lane : Lane.values()) {
            lanes.put(lane, new ArrayDeque<>());
        }
    }

    @Override
    public void start() throws Exception {
        pool = RecognizerPool.start("bench", AsrHubEngine.open(model, threads, slots),
                io.asrhub.config.PoolOptions.builder().minSize(slots).maxSize(slots)
                        .acquireTimeout(Duration.ofHours(1)).reservedSlots(reservedForSmall).build(),
                new SimpleMeterRegistry());
        retry.scheduleWithFixedDelay(this::dispatch, RETRY_MS, RETRY_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void submit(BenchJob job, float[] audio, Done done) {
        Lane lane = LaneRouter.DEFAULT.route(job.audioMs(), (long) audio.length * 2);
        synchronized (this) {
            lanes.get(lane).add(new Waiting(job, audio, done));
        }
        dispatch();
    }

    private void dispatch() {
        synchronized (this) {
            for (Lane lane : Lane.values()) {
                Deque<Waiting> queue = lanes.get(lane);
                while (!queue.isEmpty()) {
                    java.util.Optional<Reservation> slot = pool.tryReserve(io.asrhub.pool.SlotClaim.job(lane == Lane.SMALL));
                    if (slot.isEmpty()) {
                        break;
                    }
                    Waiting w = queue.poll();
                    runners.execute(() -> run(slot.get(), w));
                }
            }
        }
    }

    private void run(Reservation slot, Waiting w) {
        try (Lease lease = slot.lease()) {
            String text = AsrHubEngine.transcribe(lease.recognizer(), w.job(), w.audio());
            lease.close(); // free the slot before reporting, as the worker does
            w.done().finished(text, null);
        } catch (Exception | Error e) {
            w.done().finished(null, e);
        } finally {
            dispatch();
        }
    }

    @Override
    public int busySlots() {
        return pool == null ? 0 : pool.inUse();
    }

    @Override
    public void close() {
        retry.shutdownNow();
        runners.shutdownNow();
        if (pool != null) {
            pool.close();
        }
    }
}
