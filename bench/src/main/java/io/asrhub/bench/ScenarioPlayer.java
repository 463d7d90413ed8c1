package io.asrhub.bench;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Offers a workload's jobs to a strategy at their arrival times and records each job's latency from
 * arrival to result. Each record goes to {@code sink} as soon as the job ends, so a strategy that later
 * crashes its process still leaves what it did before; jobs unfinished at the deadline are recorded as
 * failed (exactly once: a result arriving after that is ignored). Meanwhile it samples slot use: busy
 * slots ÷ slots, every {@value #SAMPLE_MS} ms, counted only while at least as many jobs are unanswered as
 * there are slots (work is queued, so an ideal scheduler would keep every slot busy).
 */
final class ScenarioPlayer {
    static final long SAMPLE_MS = 10;

    private ScenarioPlayer() {
    }

    /** Returns the slot use while work was queued (-1 when the strategy cannot tell or work never queued). */
    static double play(Strategy strategy, int slots, Workload workload, Map<String, float[]> audio, long deadlineMs,
                       Consumer<JobRecord> sink) throws InterruptedException {
        int n = workload.jobs().size();
        AtomicReferenceArray<JobRecord> records = new AtomicReferenceArray<>(n);
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger unanswered = new AtomicInteger();
        SlotUse use = new SlotUse(strategy, slots, unanswered);
        Thread sampler = new Thread(use, "slot-use-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            BenchJob job = workload.jobs().get(i);
            long waitMs = job.arrivalMs() - (System.nanoTime() - start) / 1_000_000;
            if (waitMs > 0) {
                Thread.sleep(waitMs); // the schedule itself is what is being replayed
            }
            long submitted = System.nanoTime();
            int index = i;
            unanswered.incrementAndGet();
            strategy.submit(job, audio.get(job.clip().toString()), (text, error) -> {
                long latency = (System.nanoTime() - submitted) / 1_000_000;
                JobRecord r = record(workload, job, latency, error == null, error == null ? text : describe(error));
                if (records.compareAndSet(index, null, r)) {
                    unanswered.decrementAndGet();
                    sink.accept(r);
                    done.countDown();
                }
            });
        }
        long remaining = deadlineMs - (System.nanoTime() - start) / 1_000_000;
        done.await(Math.max(remaining, 0), TimeUnit.MILLISECONDS);
        sampler.interrupt();
        sampler.join();
        for (int i = 0; i < n; i++) {
            JobRecord missing = record(workload, workload.jobs().get(i), -1, false, "no result before the deadline");
            if (records.compareAndSet(i, null, missing)) {
                sink.accept(missing);
            }
        }
        return use.value();
    }

    /** Integrates busy slots ÷ slots over the samples taken while work was queued. */
    private static final class SlotUse implements Runnable {
        private final Strategy strategy;
        private final int slots;
        private final AtomicInteger unanswered;
        private double sum;
        private long samples;

        SlotUse(Strategy strategy, int slots, AtomicInteger unanswered) {
            this.strategy = strategy;
            this.slots = slots;
            this.unanswered = unanswered;
        }

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(SAMPLE_MS); // the sampling period, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
                int busy = strategy.busySlots();
                if (busy >= 0 && unanswered.get() >= slots) {
                    synchronized (this) {
                        sum += Math.min(busy, slots) / (double) slots;
                        samples++;
                    }
                }
            }
        }

        synchronized double value() {
            return samples == 0 ? -1 : sum / samples;
        }
    }

    private static JobRecord record(Workload w, BenchJob job, long latencyMs, boolean ok, String text) {
        return new JobRecord(w.scenario(), job.id(), job.size(), job.clip().toString(), job.audioMs(), job.arrivalMs(),
                latencyMs, ok, text);
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
