package io.asrhub.offsets;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Offsets of one partition that were fetched but are not finished yet. Records finish out of
 * order; the committable position is the lowest unfinished offset, so a commit never moves past
 * a record whose result is not safely published. Used only from the poll thread.
 */
public final class PartitionProgress {
    private final TreeSet<Long> unfinished = new TreeSet<>();
    private final Set<Long> running = new HashSet<>();
    private long nextAfterHighest = -1;
    private long committed = -1;

    public void fetched(long offset) {
        unfinished.add(offset);
        nextAfterHighest = Math.max(nextAfterHighest, offset + 1);
    }

    public void started(long offset) {
        running.add(offset);
    }

    public void finished(long offset) {
        running.remove(offset);
        unfinished.remove(offset);
    }

    /** A job given up on shutdown or revocation: it stays unfinished so it is never committed past. */
    public void abandoned(long offset) {
        running.remove(offset);
    }

    public int running() {
        return running.size();
    }

    /** The offset to commit (the next record to read), or -1 when nothing new can be committed. */
    public long committable() {
        long position = unfinished.isEmpty() ? nextAfterHighest : unfinished.first();
        return position > committed ? position : -1;
    }

    public void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}
