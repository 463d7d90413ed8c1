package io.asrhub.cli;

import io.asrhub.schema.JobProgress;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The progress line of {@code submit --wait}: the jobs split into pieces that have no transcript yet,
 * summed on one line redrawn with a carriage return, like {@link ConsoleProgressBar}. Jobs without
 * progress records (short ones) never show here. The line goes to stderr only; stdout keeps just the
 * transcripts. Before a transcript is printed the line is ended, so the two never share a line on a
 * terminal.
 */
final class WaitProgress {
    private final PrintStream err;
    private final Map<String, Path> waitingFor;
    private final Map<String, JobProgress> latest = new LinkedHashMap<>();
    private int drawnLength;

    /** @param waitingFor the jobs still waited for (job id to file); read, never changed, here */
    WaitProgress(PrintStream err, Map<String, Path> waitingFor) {
        this.err = err;
        this.waitingFor = waitingFor;
    }

    /** Takes a progress record; records of other jobs (other users of the topic) are ignored. */
    void update(JobProgress p) {
        String jobId = p.getJobId();
        if (!waitingFor.containsKey(jobId)) {
            return;
        }
        JobProgress before = latest.get(jobId);
        // One job's records share a partition, so they arrive in order; a repeat never goes backwards.
        if (before == null || p.getPiecesDone() >= before.getPiecesDone() || p.getFailed()) {
            latest.put(jobId, p);
        }
        draw();
    }

    /** The job's transcript arrived: ends the line so the transcript can be printed, then forgets the job. */
    void finished(String jobId) {
        endLine();
        latest.remove(jobId);
    }

    /** Ends the line if one is drawn, e.g. before a message of its own. */
    void endLine() {
        if (drawnLength > 0) {
            err.println();
            err.flush();
            drawnLength = 0;
        }
    }

    /** Draws the line again (after a transcript ended it), if some job still has progress. */
    void draw() {
        if (latest.isEmpty()) {
            return;
        }
        long piecesDone = 0;
        long piecesTotal = 0;
        long msDone = 0;
        long msTotal = 0;
        boolean failed = false;
        for (JobProgress p : latest.values()) {
            piecesDone += p.getPiecesDone();
            piecesTotal += p.getPiecesTotal();
            msDone += p.getAudioMsDone();
            msTotal += p.getAudioMsTotal();
            failed |= p.getFailed();
        }
        String label = latest.size() == 1
                ? String.valueOf(waitingFor.get(latest.keySet().iterator().next()).getFileName())
                : latest.size() + " long jobs";
        // Audio time is the fairer measure (pieces differ in length); older records may lack the total.
        double fraction = msTotal > 0 ? msDone / (double) msTotal
                : piecesTotal > 0 ? piecesDone / (double) piecesTotal : 0;
        String line = String.format("%s %s %d/%d pieces, %.1f/%.1f s audio%s", label,
                ConsoleProgressBar.bar(fraction), piecesDone, piecesTotal, msDone / 1000.0, msTotal / 1000.0,
                failed ? " (a piece failed)" : "");
        // Pad over the end of a longer previous line.
        err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        err.flush();
        drawnLength = line.length();
    }
}
