package io.asrhub.client;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The partition a job id is looked up in is the one the producer's default partitioner wrote it to. */
class KeyPartitionTest {
    @Test
    void agreesWithTheProducersBuiltInPartitionerForJobIdsAndOtherKeys() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            String key = i % 2 == 0 ? UUID.randomUUID().toString() : randomText(random);
            int partitions = 1 + random.nextInt(64);
            assertEquals(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions),
                    KeyPartition.of(key, partitions), key + " over " + partitions + " partitions");
        }
    }

    @Test
    void oneMeansPartitionZeroAndNoneIsRefused() {
        assertEquals(0, KeyPartition.of("any", 1));
        assertThrows(IllegalArgumentException.class, () -> KeyPartition.of("any", 0));
    }

    /** Includes non-ASCII characters: the key's bytes are UTF-8, as StringSerializer writes them. */
    private static String randomText(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            s.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 0x00e0 + random.nextInt(0x2000)));
        }
        return s.toString();
    }
}
