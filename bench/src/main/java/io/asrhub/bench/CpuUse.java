package io.asrhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time over one child run, from Linux's /proc: what the run's processes used (this JVM, plus every
 * child it reaped — the strategy's JVM, and through it the broker or model processes it waited for)
 * and what everything else on the machine used meanwhile, so a disturbed round can be seen. All zeros
 * where /proc is unavailable.
 */
record CpuUse(double wallSeconds, double runCoreSeconds, double otherCoreSeconds, double stealCoreSeconds,
              int cores) {
    private static final double TICK = 100.0; // USER_HZ

    /** A reading of the counters at one moment. */
    record Mark(long machineBusy, long steal, long run, long nanos) {
    }

    static Mark mark() {
        long nanos = System.nanoTime();
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // user nice system idle iowait irq softirq steal
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] p = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime stime cutime cstime (fields 14-17): cutime/cstime hold every reaped descendant's time
            long run = Long.parseLong(p[11]) + Long.parseLong(p[12]) + Long.parseLong(p[13]) + Long.parseLong(p[14]);
            return new Mark(busy, Long.parseLong(f[8]), run, nanos);
        } catch (IOException | RuntimeException e) {
            return new Mark(0, 0, 0, nanos);
        }
    }

    static CpuUse between(Mark before, Mark after, int cores) {
        double run = (after.run - before.run) / TICK;
        double all = (after.machineBusy - before.machineBusy) / TICK;
        return new CpuUse((after.nanos - before.nanos) / 1e9, run, Math.max(0, all - run),
                (after.steal - before.steal) / TICK, cores);
    }

    /** Everything else's share of the machine's capacity over the run (0.05 = 5 % of all cores). */
    double otherShare() {
        return wallSeconds <= 0 ? 0 : otherCoreSeconds / (wallSeconds * cores);
    }

    double runCores() {
        return wallSeconds <= 0 ? 0 : runCoreSeconds / wallSeconds;
    }
}
