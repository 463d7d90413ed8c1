package io.asrhub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Offers a workload's jobs to a strategy at their arrival times and records each job's latency from
 * arrival to result. Jobs still unfinished after the deadline are recorded as failed.
 */
final class ScenarioPlayer {
    private ScenarioPlayer() {
    }

    static List<JobRecord> play(Strategy strategy, Workload workload, Map<String, float[]> audio, long deadlineMs)
            throws InterruptedException {
        int n = workload.jobs().size();
        JobRecord[] records = new JobRecord[n];
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
                records[index] = record(workload, job, latency, error == null, error == null ? text : describe(error));
                done.countDown();
            });
        }
        long remaining = deadlineMs - (System.nanoTime() - start) / 1_000_000;
        done.await(Math.max(remaining, 0), TimeUnit.MILLISECONDS);
        List<JobRecord> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JobRecord r = records[i];
            result.add(r != null ? r : record(workload, workload.jobs().get(i), -1, false, "no result before the deadline"));
        }
        return result;
    }

    private static JobRecord record(Workload w, BenchJob job, long latencyMs, boolean ok, String text) {
        return new JobRecord(w.scenario(), job.id(), job.size(), job.clip().toString(), job.audioMs(), job.arrivalMs(),
                latencyMs, ok, text);
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
