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

    @Override
    public void update(long done, long total) {
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        double fraction = total > 0 ? Math.min(1.0, done / (double) total) : 0;
        int filled = (int) (fraction * WIDTH);
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        out.printf("\r%s [%s%s] %3d%% %6.1f/%.1f MB %5.1f MB/s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                (int) (fraction * 100), done / 1e6, total / 1e6, done / 1e6 / seconds);
        if (done >= total) {
            out.println();
        }
        out.flush();
    }
}
