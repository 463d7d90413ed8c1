package io.asrhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A scenario's jobs in arrival order. Built from a seed, so every strategy is offered exactly the same
 * requests at the same times; written to a file that each strategy's child process reads.
 */
record Workload(String scenario, List<BenchJob> jobs) {
    static final String POISSON = "poisson";
    static final String BURST = "burst";
    /** One short clip: every run's solo time, and the raw engine's solo time is the common "× solo" baseline. */
    static final String SOLO = "solo";
    /** In the burst, short clips arrive this long after the long files, i.e. while those are running. */
    static final long BURST_SHORT_DELAY_MS = 500;

    Workload {
        jobs = List.copyOf(jobs);
    }

    /**
     * Poisson arrivals for {@code durationMs}: exponential gaps with mean {@code 1 / jobsPerSecond}; each
     * job is long with probability {@code longFraction}.
     */
    static Workload poisson(long seed, SpeechClips clips, double longFraction, double jobsPerSecond, long durationMs) {
        Random rnd = new Random(seed);
        List<BenchJob> jobs = new ArrayList<>();
        double t = 0;
        while (true) {
            t += -Math.log(1 - rnd.nextDouble()) / jobsPerSecond * 1000;
            if (t >= durationMs) {
                break;
            }
            boolean isLong = rnd.nextDouble() < longFraction;
            jobs.add(job(jobs.size(), isLong, clips, rnd, Math.round(t)));
        }
        if (jobs.isEmpty()) { // a very short run still measures something
            jobs.add(job(0, false, clips, rnd, 0));
        }
        return new Workload(POISSON, jobs);
    }

    /** {@code count} jobs at once: the long files at t=0, then all short clips together. */
    static Workload burst(long seed, SpeechClips clips, double longFraction, int count) {
        Random rnd = new Random(seed);
        int longs = longFraction <= 0 ? 0 : Math.max(1, (int) Math.round(count * longFraction));
        List<BenchJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean isLong = i < longs;
            jobs.add(job(i, isLong, clips, rnd, isLong ? 0 : BURST_SHORT_DELAY_MS));
        }
        return new Workload(BURST, jobs);
    }

    /** The clip every run times alone: the first short clip, so every strategy's solo is the same work. */
    static Workload solo(SpeechClips clips) {
        SpeechClips.Clip clip = clips.shortClips().get(0);
        return new Workload(SOLO, List.of(new BenchJob(0, BenchJob.Size.SHORT, clip.path(), clip.durationMs(), 0)));
    }

    /** Mean audio seconds per job of a mix with {@code longFraction} long files (for a load in audio s per s). */
    static double meanJobSeconds(SpeechClips clips, double longFraction) {
        double shortMs = clips.shortClips().stream().mapToLong(SpeechClips.Clip::durationMs).average().orElse(0);
        return ((1 - longFraction) * shortMs + longFraction * clips.longClip().durationMs()) / 1000.0;
    }

    private static BenchJob job(int id, boolean isLong, SpeechClips clips, Random rnd, long arrivalMs) {
        SpeechClips.Clip clip = isLong ? clips.longClip() : clips.shortClips().get(rnd.nextInt(clips.shortClips().size()));
        return new BenchJob(id, isLong ? BenchJob.Size.LONG : BenchJob.Size.SHORT, clip.path(), clip.durationMs(),
                arrivalMs);
    }

    double totalAudioSeconds() {
        return jobs.stream().mapToLong(BenchJob::audioMs).sum() / 1000.0;
    }

    long count(BenchJob.Size size) {
        return jobs.stream().filter(j -> j.size() == size).count();
    }

    Path write(Path dir) throws IOException {
        Path file = dir.resolve(scenario + ".tsv");
        List<String> lines = new ArrayList<>();
        jobs.forEach(j -> lines.add(j.toLine()));
        Files.write(file, lines);
        return file;
    }

    static Workload read(Path dir, String scenario) throws IOException {
        List<BenchJob> jobs = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(scenario + ".tsv"))) {
            if (!line.isBlank()) {
                jobs.add(BenchJob.parse(line));
            }
        }
        return new Workload(scenario, jobs);
    }
}
