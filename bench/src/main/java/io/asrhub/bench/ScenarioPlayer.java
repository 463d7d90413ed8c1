package io.asrhub.bench;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Offers a workload's jobs to a strategy at their arrival times and records each job's latency from
 * arrival to result. Each record goes to {@code sink} as soon as the job ends, so a strategy that later
 * crashes its process still leaves what it did before; jobs unfinished at the deadline are recorded as
 * failed (exactly once: a result arriving after that is ignored).
 */
final class ScenarioPlayer {
    private ScenarioPlayer() {
    }

    static void play(Strategy strategy, Workload workload, Map<String, float[]> audio, long deadlineMs,
                     Consumer<JobRecord> sink) throws InterruptedException {
        int n = workload.jobs().size();
        AtomicReferenceArray<JobRecord> records = new AtomicReferenceArray<>(n);
        CountDownLatch done = new CountDownLatch(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            BenchJob job = workload.jobs().get(i);
            long waitMs = job.arrivalMs() - (System.nanoTime() - start) / 1_000_000;
            if (waitMs > 0) {
                Thread.sleep(waitMs); // the schedule itself is what is being replayed
            }
            long submitted = System.nanoTime();
            int index = i;
            strategy.submit(job, audio.get(job.clip().toString()), (text, error) -> {
                long latency = (System.nanoTime() - submitted) / 1_000_000;
                JobRecord r = record(workload, job, latency, error == null, error == null ? text : describe(error));
                if (records.compareAndSet(index, null, r)) {
                    sink.accept(r);
                    done.countDown();
                }
            });
        }
        long remaining = deadlineMs - (System.nanoTime() - start) / 1_000_000;
        done.await(Math.max(remaining, 0), TimeUnit.MILLISECONDS);
        for (int i = 0; i < n; i++) {
            JobRecord missing = record(workload, workload.jobs().get(i), -1, false, "no result before the deadline");
            if (records.compareAndSet(i, null, missing)) {
                sink.accept(missing);
            }
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
