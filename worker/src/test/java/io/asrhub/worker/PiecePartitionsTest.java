package io.asrhub.worker;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pieces go round-robin over the pieces topic's partitions, starting at the job's own partition. */
class PiecePartitionsTest {
    @Test
    void aJobsPiecesAreSpreadEvenlyOverThePartitions() {
        for (int partitions : new int[]{1, 2, 3, 6, 7}) {
            PiecePartitions p = new PiecePartitions("asr.pieces", t -> partitions);
            for (String jobId : new String[]{"job-1", "a-much-longer-job-id-0123456789", "x"}) {
                for (int pieces : new int[]{2, 21, 22, 120}) {
                    Map<Integer, Integer> perPartition = new HashMap<>();
                    for (int i = 0; i < pieces; i++) {
                        perPartition.merge(p.forPiece(jobId, i), 1, Integer::sum);
                    }
                    int min = perPartition.size() < partitions ? 0
                            : perPartition.values().stream().mapToInt(Integer::intValue).min().orElse(0);
                    int max = perPartition.values().stream().mapToInt(Integer::intValue).max().orElse(0);
                    assertTrue(max - min <= 1, partitions + " partitions, " + pieces + " pieces: " + perPartition);
                    assertTrue(perPartition.keySet().stream().allMatch(k -> k >= 0 && k < partitions));
                }
            }
        }
    }

    @Test
    void twentyTwoPiecesOnTwoPartitionsAreElevenEach() {
        PiecePartitions p = new PiecePartitions("asr.pieces", t -> 2);
        int onZero = 0;
        for (int i = 0; i < 22; i++) {
            onZero += p.forPiece("long-600s", i) == 0 ? 1 : 0;
        }
        assertEquals(11, onZero);
    }

    @Test
    void theFirstPieceGoesWhereTheJobIdHashes() {
        PiecePartitions p = new PiecePartitions("asr.pieces", t -> 5);
        int expected = Utils.toPositive(Utils.murmur2("job-42".getBytes(StandardCharsets.UTF_8))) % 5;
        assertEquals(expected, p.forPiece("job-42", 0));
        assertEquals((expected + 1) % 5, p.forPiece("job-42", 1));
    }

    @Test
    void withoutMetadataThePieceKeyDecides() {
        assertNull(new PiecePartitions("asr.pieces", t -> 0).forPiece("j", 0));
        assertNull(new PiecePartitions("asr.pieces", t -> {
            throw new org.apache.kafka.common.errors.TimeoutException("no metadata");
        }).forPiece("j", 0));
    }

    @Test
    void aPieceDispatchedAgainGoesToTheNextPartition() {
        PiecePartitions p = new PiecePartitions("asr.pieces", t -> 3);
        assertEquals(0, p.next("asr.pieces", 2));
        assertEquals(2, p.next("asr.pieces", 1));
        assertNull(p.next("another-topic", 1));
    }
}
