package io.asrhub.share;

import io.asrhub.kafka.WorkerSettings;
import io.asrhub.publish.JobOutcome;
import io.asrhub.records.Lane;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.worker.Deliveries;
import io.asrhub.worker.WorkerMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Share mode's runner on the consumer-mode machinery ({@link Deliveries}): the same routing to
 * provider pools, slot reservation (the small-lane reservation included), recognition and result
 * records, with the broker's delivery count as {@code attempts}. The only share class that knows it.
 */
public final class JobProcessorRunner implements JobRunner {
    private final Deliveries deliveries;

    public JobProcessorRunner(WorkerSettings settings, RecognitionPools pools, WorkerMetrics metrics) {
        this.deliveries = new Deliveries(settings, pools, metrics);
    }

    @Override
    public boolean hasRoom(Lane lane) {
        return deliveries.hasRoom(lane);
    }

    @Override
    public Started admit(ConsumerRecord<String, byte[]> record, Lane lane, Attempt attempt) {
        Deliveries.Admission admission = deliveries.admit(record, lane, attempt.number());
        if (admission instanceof Deliveries.Rejected rejected) {
            return Started.now(new JobRun(rejected.outcome().records(), Verdict.REJECT));
        }
        if (admission instanceof Deliveries.Admitted admitted) {
            return new Started(() -> verdictOf(deliveries.run(admitted, attempt.last())), null);
        }
        return Started.now(JobRun.RELEASED);
    }

    private static JobRun verdictOf(Deliveries.Outcome outcome) {
        if (outcome.release()) {
            return JobRun.RELEASED;
        }
        JobOutcome o = outcome.outcome();
        return new JobRun(o.records(), o.succeeded() ? Verdict.ACCEPT : Verdict.REJECT);
    }
}
