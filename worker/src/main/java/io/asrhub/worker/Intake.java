package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.publish.JobOutcome;
import io.asrhub.records.AvroCodec;
import io.asrhub.records.Lane;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.schema.AudioJob;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a fetched record into a queued job, or at once into a failure when the record itself is
 * unusable (not an AudioJob, or naming a provider this worker does not run): such records need no
 * slot and must never hold up their partition.
 */
final class Intake {
    /** Either a job to queue or the outcome to publish right away. */
    record Accepted(PendingJob job, JobOutcome rejected) {
    }

    private final JobRouter router;
    private final RecognitionPools pools;
    private final JobProcessor processor;

    Intake(JobRouter router, RecognitionPools pools, JobProcessor processor) {
        this.router = router;
        this.pools = pools;
        this.processor = processor;
    }

    Accepted accept(ConsumerRecord<String, byte[]> record, long epoch, Lane lane) {
        AudioJob job;
        try {
            job = AvroCodec.decodeJob(record.value());
        } catch (AsrException e) {
            return reject(new PendingJob(record, epoch, lane, null, pools.defaultProvider()), e);
        } catch (RuntimeException | OutOfMemoryError e) {
            // A hostile record must never stop the loop: anything the decoder throws is malformed input.
            return reject(new PendingJob(record, epoch, lane, null, pools.defaultProvider()),
                    new AsrException(io.asrhub.errors.ErrorCode.MALFORMED_RECORD,
                            "record cannot be decoded as an AudioJob (" + e.getClass().getSimpleName() + ")"));
        }
        try {
            return new Accepted(new PendingJob(record, epoch, lane, job, router.route(job, lane)), null);
        } catch (AsrException e) {
            return reject(new PendingJob(record, epoch, lane, job, pools.defaultProvider()), e);
        }
    }

    private Accepted reject(PendingJob p, AsrException e) {
        String provider = p.provider;
        return new Accepted(null, processor.failure(p, e, provider,
                pools.get(provider).pool().provider().modelName()));
    }
}
