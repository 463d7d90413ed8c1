package io.asrhub.share;

import io.asrhub.records.Lane;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs deliveries of lane records for the share worker. The share worker owns fetching, locks and
 * acknowledgement; a runner admits a record (reserving a pool slot, or saying why not) on the
 * poll thread and runs it on a job thread. It never retries a transient failure itself: the run
 * says {@link Verdict#RELEASE} and the broker redelivers (counting the attempt), unless this is the
 * last allowed delivery, when it dead-letters and says {@link Verdict#REJECT}.
 */
public interface JobRunner {
    /** Whether a record of this lane could start now (decides whether to fetch at all). */
    boolean hasRoom(Lane lane);

    /** A started job, or the run to settle at once (rejected record, or no slot: release). */
    Started admit(ConsumerRecord<String, byte[]> record, Lane lane, Attempt attempt);

    /** The broker's delivery count of this record and the group's delivery limit. */
    record Attempt(int number, int limit) {
        public boolean last() {
            return number >= limit;
        }
    }

    /** Either {@code run} to call on a job thread, or {@code settled} right away. */
    record Started(java.util.function.Supplier<JobRun> run, JobRun settled) {
        static Started now(JobRun run) {
            return new Started(null, run);
        }
    }
}
