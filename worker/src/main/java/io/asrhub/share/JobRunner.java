package io.asrhub.share;

import io.asrhub.kafka.Lane;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs one delivery of one lane record. The share worker owns fetching, locks and acknowledgement;
 * a runner only turns a record into a {@link JobRun}. It must not retry a transient failure itself:
 * it returns {@link Verdict#RELEASE} and the broker redelivers (counting the attempt), unless this is
 * the last allowed delivery, when it dead-letters and returns {@link Verdict#REJECT}.
 */
@FunctionalInterface
public interface JobRunner {
    JobRun run(ConsumerRecord<String, byte[]> record, Lane lane, Attempt attempt);

    /** The broker's delivery count of this record and the group's delivery limit. */
    record Attempt(int number, int limit) {
        public boolean last() {
            return number >= limit;
        }
    }
}
