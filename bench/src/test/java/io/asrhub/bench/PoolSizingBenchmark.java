package io.asrhub.bench;

import io.asrhub.audio.DecodedAudio;
import io.asrhub.testkit.GeneratedWhisperModel;
import io.asrhub.config.PoolOptions;
import io.asrhub.config.ProviderConfig;
import io.asrhub.pool.Lease;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.Provider;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.provider.RecognitionRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whether the shipped whisper pool should be {@code min: 1, max: 2} (sizing rule on) or
 * {@code min = max = 2}: resident memory while idle after start, and the time a burst takes that
 * needs both slots (a min-1 pool grows on demand: one state creation plus its warm-up). Each setup
 * runs in its own JVM (so RSS is its own), rounds alternate. Generated model with tiny.en's
 * dimensions, 1 thread per state, warm-up on (the default). Usage:
 * scripts/bench PoolSizingBenchmark [ROUNDS] [BURST_JOBS] [tiny.en|base.en]
 */
public final class PoolSizingBenchmark {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int burst = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String dims = args.length > 2 ? args[2] : "tiny.en";
        Map<String, int[]> setups = new LinkedHashMap<>();
        setups.put("min 2 / max 2", new int[]{2, 2});
        setups.put("min 1 / max 2", new int[]{1, 2});
        Map<String, List<double[]>> figures = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, int[]> s : setups.entrySet()) {
                double[] f = runChild(s.getValue()[0], s.getValue()[1], burst, dims);
                figures.computeIfAbsent(s.getKey(), k -> new ArrayList<>()).add(f);
                System.out.printf("round %d %-14s idle RSS %5.0f MB, burst of %d jobs %6.0f ms, first job %5.0f ms, "
                        + "RSS after burst %5.0f MB%n", round, s.getKey(), f[0], burst, f[1], f[2], f[3]);
            }
        }
        System.out.printf("%s dimensions, burst of %d x 5 s clips on 2 slots, %d rounds: median (min-max)%n",
                dims, burst, rounds);
        figures.forEach((name, list) -> System.out.printf("  %-14s idle RSS %s MB, burst %s ms, RSS after burst %s MB%n",
                name, summary(list, 0), summary(list, 1), summary(list, 3)));
    }

    private static String summary(List<double[]> list, int i) {
        double[] v = list.stream().mapToDouble(f -> f[i]).sorted().toArray();
        return String.format("%.0f (%.0f-%.0f)", v[v.length / 2], v[0], v[v.length - 1]);
    }

    private static double[] runChild(int min, int max, int burst, String dims) throws Exception {
        Process p = new ProcessBuilder(JavaCommand.of(PoolSizingBenchmark.class, "512m",
                Paths.get("target", "pool-sizing-hs_err.log"), List.of("child", String.valueOf(min),
                        String.valueOf(max), String.valueOf(burst), dims))).redirectErrorStream(true).start();
        double[] out = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("RESULT ")) {
                    String[] f = line.substring(7).split(" ");
                    out = new double[]{Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                            Double.parseDouble(f[3])};
                }
            }
        }
        if (p.waitFor() != 0 || out == null) {
            throw new IllegalStateException("child run failed (exit " + p.exitValue() + ")");
        }
        return out;
    }

    /** Prints {@code RESULT idleRssMb burstMs firstJobMs rssAfterBurstMb}. */
    private static void child(int min, int max, int burst, String dims) throws Exception {
        Path model = GeneratedWhisperModel.cached(Paths.get(System.getProperty("java.io.tmpdir")),
                GeneratedWhisperModel.Dimensions.parse(dims));
        PoolOptions options = PoolOptions.builder().minSize(min).maxSize(max).warmUp(true).build();
        Provider provider = new ProviderRegistry().open(new ProviderConfig("whisper", options, 1, model, Map.of()));
        float[] samples = new float[16_000 * 5];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.2 * Math.sin(i * 0.05));
        }
        DecodedAudio audio = new DecodedAudio(samples, 16_000, "burst");
        try (RecognizerPool pool = RecognizerPool.start("whisper", provider, options, new SimpleMeterRegistry())) {
            double idle = PoolMemoryBenchmark.rssKb() / 1024.0;
            ExecutorService threads = Executors.newFixedThreadPool(2); // the burst: two jobs at a time, like two slots
            long start = System.nanoTime();
            List<Future<Long>> jobs = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                jobs.add(threads.submit(() -> {
                    try (Lease lease = pool.acquire()) {
                        lease.recognizer().transcribe(RecognitionRequest.of("burst", audio));
                    }
                    return System.nanoTime();
                }));
            }
            long first = Long.MAX_VALUE;
            long last = 0;
            for (Future<Long> f : jobs) {
                first = Math.min(first, f.get());
                last = Math.max(last, f.get());
            }
            threads.shutdown();
            System.out.printf("RESULT %.1f %.1f %.1f %.1f%n", idle, (last - start) / 1e6, (first - start) / 1e6,
                    PoolMemoryBenchmark.rssKb() / 1024.0);
        }
        provider.close();
    }
}
