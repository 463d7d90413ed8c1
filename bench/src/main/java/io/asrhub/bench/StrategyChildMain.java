package io.asrhub.bench;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs ONE strategy in its own JVM, so its peak memory, start-up time and any crash are its own:
 * start, one cold short job (start-up to first result), three warm short jobs (median = solo time), then each
 * scenario. Writes {@code meta} and {@code job} lines to the output file as they happen.
 * Arguments: {@code key=value}: strategy, model, slots, threads, cores, workload (dir), scenarios
 * (comma separated), deadline-ms (per scenario), out, reserved (pool slots kept for the small lane, default 1).
 */
public final class StrategyChildMain {
    private StrategyChildMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        StrategyKind kind = StrategyKind.byId(a.get("strategy"));
        Path workloadDir = Path.of(a.get("workload"));
        List<Workload> workloads = new ArrayList<>();
        for (String scenario : a.get("scenarios").split(",")) {
            workloads.add(Workload.read(workloadDir, scenario));
        }
        Map<String, float[]> audio = decodeAll(workloads);
        BenchJob probe = workloads.get(0).jobs().stream().filter(j -> j.size() == BenchJob.Size.SHORT).findFirst()
                .orElse(workloads.get(0).jobs().get(0));

        // Lines are written as they happen, so a crash still leaves the results before it.
        java.io.PrintWriter out = new java.io.PrintWriter(Files.newBufferedWriter(Path.of(a.get("out"))), true);
        Strategy strategy = kind.create(Path.of(a.get("model")), Integer.parseInt(a.get("slots")),
                Integer.parseInt(a.get("threads")), Integer.parseInt(a.get("cores")),
                Integer.parseInt(a.getOrDefault("reserved", "1")));
        strategy.start();
        runSolo(strategy, probe, audio);
        out.println("meta\tstartupMs\t" + ManagementFactory.getRuntimeMXBean().getUptime());
        long[] solo = new long[3]; // median of three warm runs: one sample is at the mercy of the scheduler
        for (int i = 0; i < solo.length; i++) {
            long soloStart = System.nanoTime();
            String text = runSolo(strategy, probe, audio);
            solo[i] = (System.nanoTime() - soloStart) / 1_000_000;
            if (i == 0) {
                out.println("meta\tsoloText\t" + text);
            }
        }
        java.util.Arrays.sort(solo);
        out.println("meta\tsoloShortMs\t" + solo[1]);
        long deadline = Long.parseLong(a.get("deadline-ms"));
        for (Workload w : workloads) {
            ScenarioPlayer.play(strategy, w, audio, deadline, r -> {
                synchronized (out) {
                    out.println(r.toLine());
                }
            });
        }
        if (kind == StrategyKind.RAW) {
            strategy.close(); // its states would compete with the probe for the cores
            AudioContextProbe.measure(Path.of(a.get("model")), distinctShortClips(workloads), audio)
                    .forEach(out::println);
        }
        long self = JavaCommand.peakRssKb(ProcessHandle.current().pid());
        long children = strategy.childProcessesPeakRssKb();
        out.println("meta\tcoordinatorRssKb\t" + self);
        out.println("meta\tpeakRssKb\t" + (children > 0 ? children : self)); // last: marks a complete run
        out.close();
        if (kind == StrategyKind.NO_LOCK) {
            Runtime.getRuntime().halt(0); // do not free a state other threads may still be inside
        }
        strategy.close();
        System.exit(0);
    }

    private static List<BenchJob> distinctShortClips(List<Workload> workloads) {
        Map<Path, BenchJob> byClip = new java.util.LinkedHashMap<>();
        workloads.forEach(w -> w.jobs().stream().filter(j -> j.size() == BenchJob.Size.SHORT)
                .forEach(j -> byClip.putIfAbsent(j.clip(), j)));
        return List.copyOf(byClip.values());
    }

    private static Map<String, float[]> decodeAll(List<Workload> workloads) throws Exception {
        AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
        Map<String, float[]> audio = new HashMap<>();
        for (Workload w : workloads) {
            for (BenchJob j : w.jobs()) {
                String key = j.clip().toString();
                if (!audio.containsKey(key)) {
                    audio.put(key, decoder.decodeFile(j.clip(), AudioDecoder.WHISPER_SAMPLE_RATE).samples());
                }
            }
        }
        return audio;
    }

    private static String runSolo(Strategy strategy, BenchJob job, Map<String, float[]> audio) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        String[] text = new String[1];
        Throwable[] failure = new Throwable[1];
        strategy.submit(job, audio.get(job.clip().toString()), (t, e) -> {
            text[0] = t;
            failure[0] = e;
            done.countDown();
        });
        done.await();
        if (failure[0] != null) {
            throw new IllegalStateException("solo run failed: " + failure[0], failure[0]);
        }
        return text[0];
    }
}
