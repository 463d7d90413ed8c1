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
 * start, one cold short job (start-up to first result), {@code solo-runs} warm short jobs one at a time
 * (median = solo time), then each scenario. Writes {@code meta} and {@code job} lines to the output file as
 * they happen. Arguments: {@code key=value}: strategy, model, slots, threads, workload (dir), scenarios
 * (comma separated; none: solo only), deadline-ms (per scenario), out, reserved (pool slots kept for the
 * small lane, default 1), solo-runs (default 3), work-dir, worker-set (worker settings, {@code k=v;k=v}),
 * probe (raw only: also measure the fitted encoder window).
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
            if (!scenario.isBlank()) {
                workloads.add(Workload.read(workloadDir, scenario));
            }
        }
        Workload soloWorkload = Workload.read(workloadDir, Workload.SOLO);
        List<Workload> all = new ArrayList<>(workloads);
        all.add(soloWorkload);
        Map<String, float[]> audio = decodeAll(all);
        BenchJob probe = soloWorkload.jobs().get(0);
        int slots = Integer.parseInt(a.get("slots"));

        // Lines are written as they happen, so a crash still leaves the results before it.
        java.io.PrintWriter out = new java.io.PrintWriter(Files.newBufferedWriter(Path.of(a.get("out"))), true);
        Strategy strategy = kind.create(Path.of(a.get("model")), slots, Integer.parseInt(a.get("threads")),
                Integer.parseInt(a.getOrDefault("reserved", "1")), settings(a.getOrDefault("worker-set", "")),
                Path.of(a.getOrDefault("work-dir", System.getProperty("java.io.tmpdir"))));
        strategy.start();
        runSolo(strategy, probe, audio);
        out.println("meta\tstartupMs\t" + ManagementFactory.getRuntimeMXBean().getUptime());
        long[] solo = new long[Math.max(1, Integer.parseInt(a.getOrDefault("solo-runs", "3")))];
        for (int i = 0; i < solo.length; i++) {
            long soloStart = System.nanoTime();
            String text = runSolo(strategy, probe, audio);
            solo[i] = (System.nanoTime() - soloStart) / 1_000_000;
            if (i == 0) {
                out.println("meta\tsoloText\t" + text);
            }
        }
        java.util.Arrays.sort(solo);
        out.println("meta\tsoloShortMs\t" + solo[solo.length / 2]);
        long deadline = Long.parseLong(a.get("deadline-ms"));
        for (Workload w : workloads) {
            double slotUse = ScenarioPlayer.play(strategy, slots, w, audio, deadline, r -> {
                synchronized (out) {
                    out.println(r.toLine());
                }
            });
            out.println("meta\tslotUse." + w.scenario() + "\t" + slotUse);
        }
        if (kind == StrategyKind.RAW && Boolean.parseBoolean(a.getOrDefault("probe", "false"))) {
            strategy.close(); // its states would compete with the probe for the cores
            AudioContextProbe.measure(Path.of(a.get("model")), distinctShortClips(all), audio)
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

    /** "k=v;k=v" -> map (values may hold commas, e.g. chunking.distributed=medium,large). */
    static Map<String, String> settings(String encoded) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : encoded.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return out;
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
