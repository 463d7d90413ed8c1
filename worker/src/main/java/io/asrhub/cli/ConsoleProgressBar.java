package io.asrhub.cli;

import io.asrhub.model.DownloadProgress;

import java.io.PrintStream;

/** A one-line progress bar on stderr, redrawn at most ten times a second. */
final class ConsoleProgressBar implements DownloadProgress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final long startNanos = System.nanoTime();
    private long lastDraw;

    ConsoleProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    /** The bar and percentage, e.g. {@code [#########                     ]  30%}; shared with {@link WaitProgress}. */
    static String bar(double fraction) {
        double f = Math.max(0, Math.min(1.0, fraction));
        int filled = (int) (f * WIDTH);
        return String.format("[%s%s] %3d%%", "#".repeat(filled), " ".repeat(WIDTH - filled), (int) (f * 100));
    }

    @Override
    public void update(long done, long total) {
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        double fraction = total > 0 ? Math.min(1.0, done / (double) total) : 0;
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        out.printf("\r%s %s %6.1f/%.1f MB %5.1f MB/s", label, bar(fraction), done / 1e6, total / 1e6,
                done / 1e6 / seconds);
        if (done >= total) {
            out.println();
        }
        out.flush();
    }
}
