package io.asrhub.offsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PartitionProgressTest {
    @Test
    void commitsOnlyTheContiguousFinishedPrefix() {
        PartitionProgress p = new PartitionProgress();
        for (long o = 10; o < 15; o++) {
            p.fetched(o);
            p.started(o);
        }
        p.finished(12);
        p.finished(13);
        assertEquals(10, p.committable(), "10 is unfinished: nothing past it may be committed");
        p.committed(10);
        assertEquals(-1, p.committable(), "no progress since the last commit");
        p.finished(10);
        assertEquals(11, p.committable());
        p.finished(11);
        assertEquals(14, p.committable(), "10..13 done, 14 still running");
        p.finished(14);
        assertEquals(15, p.committable(), "everything done: commit the next offset to read");
    }

    @Test
    void abandonedRecordsBlockTheCommitSoTheyAreRedone() {
        PartitionProgress p = new PartitionProgress();
        p.fetched(0);
        p.fetched(1);
        p.started(0);
        p.started(1);
        p.finished(1);
        p.abandoned(0);
        assertEquals(0, p.running());
        assertEquals(0, p.committable());
    }
}
