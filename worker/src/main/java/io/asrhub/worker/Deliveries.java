package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pool.Reservation;
import io.asrhub.publish.JobOutcome;
import io.asrhub.records.Lane;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.recognition.RecognitionService;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Optional;

/**
 * Single deliveries of lane records for loops other than the consumer-group worker (share mode):
 * the same decoding, routing, slot admission, recognition and result records, without the
 * worker's own retry bookkeeping — there the broker redelivers and counts attempts.
 */
public final class Deliveries {
    /** What admitting a record gave. */
    public sealed interface Admission permits Rejected, NoSlot, Admitted {
    }

    /** Unusable at once (not an AudioJob, unknown provider): publish this outcome and reject. */
    public record Rejected(JobOutcome outcome) implements Admission {
    }

    /** No slot of its pool is free for its lane now: do not hold the record. */
    public record NoSlot() implements Admission {
    }

    /** A slot is reserved: run it on a job thread. */
    public static final class Admitted implements Admission {
        private final PendingJob job;
        private final Reservation slot;
        private final RecognitionService service;

        private Admitted(PendingJob job, Reservation slot, RecognitionService service) {
            this.job = job;
            this.slot = slot;
            this.service = service;
        }
    }

    /** A finished run: the records to publish, or nothing and a release (transient, not the last attempt). */
    public record Outcome(JobOutcome outcome, boolean release) {
    }

    private final RecognitionPools pools;
    private final JobProcessor processor;
    private final Intake intake;
    private final WorkerMetrics metrics;

    public Deliveries(WorkerSettings settings, RecognitionPools pools, WorkerMetrics metrics) {
        this.pools = pools;
        this.metrics = metrics;
        this.processor = new JobProcessor(new JobAudioSource(settings.referenceRoots(),
                pools.defaultService().decoder().limits().maxBytes()), new ResultRecords(settings), metrics);
        this.intake = new Intake(new JobRouter(pools.names(), settings.laneProviders(), pools.defaultProvider()),
                pools, processor);
        metrics.preRegister(pools.names());
    }

    /** Whether some pool has a slot this lane may take now (advisory: decides whether to fetch). */
    public boolean hasRoom(Lane lane) {
        return pools.names().stream().anyMatch(p -> pools.get(p).pool().freeSlots(lane == Lane.SMALL) > 0);
    }

    /** Decodes, routes and reserves a slot; {@code attempt} is the broker's delivery count (from 1). */
    public Admission admit(ConsumerRecord<String, byte[]> record, Lane lane, int attempt) {
        Intake.Accepted a = intake.accept(record, 0, lane);
        if (a.job() == null) {
            return new Rejected(a.rejected());
        }
        PendingJob job = a.job();
        job.tries = Math.max(0, attempt - 1);
        RecognitionService service = pools.get(job.provider);
        Optional<Reservation> slot = service.pool().tryReserve(lane == Lane.SMALL);
        return slot.<Admission>map(s -> new Admitted(job, s, service)).orElseGet(NoSlot::new);
    }

    /** Runs an admitted delivery on the caller's (job) thread. */
    public Outcome run(Admitted admitted, boolean lastAttempt) {
        PendingJob p = admitted.job;
        JobResult result = processor.run(p, admitted.slot, admitted.service);
        if (result instanceof JobResult.Finished f) {
            return new Outcome(f.outcome(), false);
        }
        if (result instanceof JobResult.Retry r) {
            if (lastAttempt) {
                AsrException last = new AsrException(r.error().code(), r.error().getMessage()
                        + " (last allowed delivery; giving up)");
                return new Outcome(processor.failure(p, last, p.provider,
                        pools.get(p.provider).pool().provider().modelName()), false);
            }
            metrics.retried(p.lane, p.provider, r.error().code().name(), 1); // released: a retry, not a dead letter
        }
        return new Outcome(null, true);
    }
}
