package io.asrhub.worker;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pieces are spread evenly over the pieces topic's partitions, starting at the job's own partition. */
class PiecePartitionsTest {
    private static final String[] JOB_IDS = {"job-1", "a-much-longer-job-id-0123456789", "x", "long-600s", "7"};

    @Test
    void everyPartitionGetsItsShareOfAJobsPiecesWithinOne() {
        for (int partitions = 1; partitions <= 12; partitions++) {
            for (String jobId : JOB_IDS) {
                for (int pieces = 1; pieces <= 130; pieces++) {
                    int[] per = spread(partitions, jobId, pieces);
                    int min = Integer.MAX_VALUE;
                    int max = 0;
                    for (int n : per) {
                        min = Math.min(min, n);
                        max = Math.max(max, n);
                    }
                    assertTrue(max - min <= 1, partitions + " partitions, " + pieces + " pieces: " + List.of(per));
                }
            }
        }
    }

    /**
     * Members of a share group, assigned whole partitions in any pattern (the broker gave
     * [0, 2, 4]/[1, 3, 5] and [0, 1, 3]/[2, 4, 5]), each get their share of a job's pieces within one,
     * and the first pieces go to different members. The ring spread alone gave 12/9 of 21 pieces on
     * [0, 2, 4]/[1, 3, 5] for some job ids (its left-over pieces two partitions apart).
     */
    @Test
    void whereTheMembersAssignmentIsKnownEveryMemberGetsItsShareWithinOne() {
        List<List<List<Integer>>> layouts = List.of(
                List.of(List.of(0, 2, 4), List.of(1, 3, 5)),
                List.of(List.of(0, 1, 3), List.of(2, 4, 5)),
                List.of(List.of(0, 1, 2), List.of(3, 4, 5)),
                List.of(List.of(0, 3), List.of(1, 4), List.of(2, 5)),
                List.of(List.of(0, 1, 2, 3, 4), List.of(5)));
        for (List<List<Integer>> layout : layouts) {
            for (String jobId : JOB_IDS) {
                for (int pieces = 1; pieces <= 130; pieces++) {
                    PiecePartitions placement = new PiecePartitions("pieces", t -> 6, t -> layout);
                    int[] perMember = new int[layout.size()];
                    java.util.Set<Integer> firstMembers = new java.util.HashSet<>();
                    for (int i = 0; i < pieces; i++) {
                        int partition = placement.forPiece(jobId, i, pieces);
                        int member = memberOf(layout, partition);
                        perMember[member]++;
                        if (i < layout.size()) {
                            firstMembers.add(member);
                        }
                    }
                    int min = java.util.Arrays.stream(perMember).min().orElseThrow();
                    int max = java.util.Arrays.stream(perMember).max().orElseThrow();
                    String context = layout + ", " + jobId + ", " + pieces + " pieces: " + java.util.Arrays.toString(perMember);
                    assertTrue(max - min <= 1, context);
                    assertEquals(Math.min(pieces, layout.size()), firstMembers.size(), context);
                }
            }
        }
    }

    @Test
    void withoutAKnownAssignmentPiecesAreSpreadOverThePartitions() {
        PiecePartitions unknown = new PiecePartitions("pieces", t -> 6, t -> {
            throw new IllegalStateException("no broker");
        });
        PiecePartitions plain = new PiecePartitions("pieces", t -> 6);
        for (int i = 0; i < 21; i++) {
            assertEquals(plain.forPiece("long-600s", i, 21), unknown.forPiece("long-600s", i, 21));
        }
    }

    private static int memberOf(List<List<Integer>> layout, int partition) {
        for (int m = 0; m < layout.size(); m++) {
            if (layout.get(m).contains(partition)) {
                return m;
            }
        }
        throw new AssertionError("partition " + partition + " belongs to no member of " + layout);
    }

    /** Consumers owning contiguous ranges of partitions (as the benchmark's two workers did) get even shares. */
    @Test
    void consumersOwningHalfThePartitionsEachGetHalfThePiecesWithinOne() {
        for (int partitions = 2; partitions <= 12; partitions += 2) {
            for (String jobId : JOB_IDS) {
                for (int pieces = 1; pieces <= 130; pieces++) {
                    int[] per = spread(partitions, jobId, pieces);
                    int firstHalf = 0;
                    for (int p = 0; p < partitions / 2; p++) {
                        firstHalf += per[p];
                    }
                    int secondHalf = pieces - firstHalf;
                    assertTrue(Math.abs(firstHalf - secondHalf) <= 1,
                            partitions + " partitions, " + pieces + " pieces of " + jobId + ": " + firstHalf + "/"
                                    + secondHalf);
                }
            }
        }
    }

    /** The benchmark's case: 22 pieces, 6 partitions, workers owning [0, 1, 2] and [3, 4, 5]. */
    @Test
    void twentyTwoPiecesOnSixPartitionsAreElevenPerWorker() {
        for (String jobId : JOB_IDS) {
            int[] per = spread(6, jobId, 22);
            assertEquals(11, per[0] + per[1] + per[2], jobId);
        }
    }

    @Test
    void theFirstPieceGoesWhereTheJobIdHashesAndFullRoundsGoRoundRobin() {
        PiecePartitions p = new PiecePartitions("asr.pieces", t -> 5);
        int expected = Utils.toPositive(Utils.murmur2("job-42".getBytes(StandardCharsets.UTF_8))) % 5;
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            got.add(p.forPiece("job-42", i, 12));
        }
        List<Integer> want = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            want.add((expected + i) % 5);
        }
        want.add(expected); // the 2 left over go half the ring apart
        want.add((expected + 2) % 5);
        assertEquals(want, got);
    }

    @Test
    void withoutMetadataThePieceKeyDecides() {
        assertNull(new PiecePartitions("asr.pieces", t -> 0).forPiece("j", 0, 2));
        assertNull(new PiecePartitions("asr.pieces", t -> {
            throw new org.apache.kafka.common.errors.TimeoutException("no metadata");
        }).forPiece("j", 0, 2));
    }

    @Test
    void aPieceDispatchedAgainGoesToTheNextPartition() {
        PiecePartitions p = new PiecePartitions("asr.pieces", t -> 3);
        assertEquals(0, p.next("asr.pieces", 2));
        assertEquals(2, p.next("asr.pieces", 1));
        assertNull(p.next("another-topic", 1));
    }

    private static int[] spread(int partitions, String jobId, int pieces) {
        PiecePartitions p = new PiecePartitions("asr.pieces", t -> partitions);
        int[] per = new int[partitions];
        for (int i = 0; i < pieces; i++) {
            int partition = p.forPiece(jobId, i, pieces);
            assertTrue(partition >= 0 && partition < partitions);
            per[partition]++;
        }
        return per;
    }
}
