package io.asrhub.worker;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Chooses the partition of each piece of a split so that the consumers of the group get even shares.
 * With N partitions and c pieces, the first {@code N * (c / N)} pieces go round-robin
 * ({@code p0 + i}), an equal number on every partition; the remaining {@code r = c mod N} pieces go to
 * {@code p0 + floor(j * N / r)}, spread evenly around the ring rather than on r consecutive partitions.
 * p0 is the partition the job id hashes to (Kafka's default partitioner for that key). So every
 * partition gets c/N pieces or one more, and a consumer owning a contiguous range of partitions (what
 * the cooperative-sticky assignor gave in the benchmark) gets its proportional share ±1. Plain
 * round-robin for all pieces put the extra ones on consecutive partitions: 10/12 of 22 pieces on two
 * workers owning 3 of 6 partitions each; keyed placement ({@code jobId#index}) gave 11/11 to 6/16 by
 * chance. When the partition count is not known (no metadata), pieces fall back to keyed placement.
 *
 * <p>Where the members' assignment is known (pieces through a share group, whose assignor gives each
 * of fewer members than partitions whole partitions, interleaved or not: {@code [0, 2, 4]}/{@code [1, 3, 5]},
 * {@code [0, 1, 3]}/{@code [2, 4, 5]}), piece {@code i} goes to member {@code (m0 + i) mod M} instead,
 * cycling through that member's partitions: every member gets its share within one, in turn from the
 * first piece. The ring spread gave 12/9 of 21 pieces when its 3 left-over pieces all fell on one
 * member's partitions. The assignment is asked for at most every {@value #MEMBERS_TTL_MS} ms.
 */
final class PiecePartitions {
    static final long MEMBERS_TTL_MS = 5_000;

    private final String topic;
    private final ToIntFunction<String> partitionCount;
    private final Function<String, List<List<Integer>>> members;
    private List<List<Integer>> knownMembers = List.of();
    private long membersAskedAtMs;
    private boolean membersAsked;

    /** @param partitionCount partitions of a topic (e.g. from the producer's metadata); 0 or less: unknown */
    PiecePartitions(String topic, ToIntFunction<String> partitionCount) {
        this(topic, partitionCount, t -> List.of());
    }

    /** @param members the partitions each member taking pieces is assigned, one list per member; empty: unknown */
    PiecePartitions(String topic, ToIntFunction<String> partitionCount, Function<String, List<List<Integer>>> members) {
        this.topic = topic;
        this.partitionCount = partitionCount;
        this.members = members;
    }

    /** The partition of piece {@code index} of the {@code count} pieces of {@code jobId}, or null to let the key decide. */
    Integer forPiece(String jobId, int index, int count) {
        int n = count();
        if (n <= 0) {
            return null;
        }
        int start = Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % n;
        List<List<Integer>> byMember = members();
        if (byMember.size() >= 2) {
            List<Integer> own = byMember.get((start + index) % byMember.size());
            int partition = own.get((start + index / byMember.size()) % own.size());
            if (partition >= 0 && partition < n) {
                return partition;
            }
        }
        int fullRounds = count / n * n;
        long step = index < fullRounds ? index : (long) (index - fullRounds) * n / (count - fullRounds);
        return (int) ((start + step) % n);
    }

    /** The partition after {@code partition} (a piece dispatched again), or null when unknown. */
    Integer next(String fromTopic, int partition) {
        int n = count();
        return n <= 0 || !fromTopic.equals(topic) ? null : (partition + 1) % n;
    }

    /** The members' partitions, asked again at most every {@value #MEMBERS_TTL_MS} ms (job threads call this). */
    private synchronized List<List<Integer>> members() {
        long now = System.currentTimeMillis();
        if (!membersAsked || now - membersAskedAtMs >= MEMBERS_TTL_MS) {
            membersAsked = true;
            membersAskedAtMs = now;
            try {
                knownMembers = List.copyOf(members.apply(topic));
            } catch (RuntimeException e) { // unknown: the ring spread still works
                knownMembers = List.of();
            }
        }
        return knownMembers;
    }

    private int count() {
        try {
            return partitionCount.applyAsInt(topic);
        } catch (RuntimeException e) { // no metadata within max.block.ms: keyed placement still works
            return 0;
        }
    }
}
