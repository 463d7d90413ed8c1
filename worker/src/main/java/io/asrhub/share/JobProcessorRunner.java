package io.asrhub.share;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.kafka.AvroCodec;
import io.asrhub.kafka.JobAudioSource;
import io.asrhub.kafka.JobOutcome;
import io.asrhub.kafka.JobProcessor;
import io.asrhub.kafka.Lane;
import io.asrhub.kafka.WorkerMetrics;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adapts the consumer-mode {@link JobProcessor} to {@link JobRunner}: the processor runs with one
 * attempt per delivery (the broker's redelivery is the retry), its failure result tells whether
 * the error is transient, and every published record carries the broker's delivery count as
 * {@code attempts}. The only class in share mode that knows JobProcessor/JobOutcome.
 */
public final class JobProcessorRunner implements JobRunner {
    private final JobProcessor processor;

    private JobProcessorRunner(JobProcessor processor) {
        this.processor = processor;
    }

    /** {@code settings} are the worker's; the processor's own retry loop is switched off here. */
    public static JobProcessorRunner create(Settings settings, RecognitionService recognition, WorkerMetrics metrics)
            throws AsrException {
        WorkerSettings oneAttempt = WorkerSettings.read(settings.with("worker.max-attempts", "1"));
        return new JobProcessorRunner(new JobProcessor(recognition, new JobAudioSource(oneAttempt.referenceRoots(),
                recognition.decoder().limits().maxBytes()), oneAttempt, metrics));
    }

    @Override
    public JobRun run(ConsumerRecord<String, byte[]> record, Lane lane, Attempt attempt) {
        JobOutcome outcome = processor.process(record, lane);
        if (outcome.abandoned()) {
            return JobRun.RELEASED;
        }
        List<TranscriptResult> results = decode(outcome.records());
        if (outcome.succeeded()) {
            return new JobRun(withAttempts(outcome.records(), results, attempt.number()), Verdict.ACCEPT);
        }
        if (transientFailure(results) && !attempt.last()) {
            return JobRun.RELEASED;
        }
        return new JobRun(withAttempts(outcome.records(), results, attempt.number()), Verdict.REJECT);
    }

    private static boolean transientFailure(List<TranscriptResult> results) {
        for (TranscriptResult r : results) {
            if (r.getStatus() == JobStatus.FAILED && r.getErrorCode() != null) {
                try {
                    return ErrorCode.valueOf(r.getErrorCode()).isTransient();
                } catch (IllegalArgumentException unknownCode) {
                    return false;
                }
            }
        }
        return false;
    }

    private static List<TranscriptResult> decode(List<ProducerRecord<String, byte[]>> records) {
        List<TranscriptResult> out = new ArrayList<>();
        for (ProducerRecord<String, byte[]> r : records) {
            try {
                out.add(AvroCodec.decodeResult(r.value()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read back our own result record", e);
            }
        }
        return out;
    }

    private static List<ProducerRecord<String, byte[]>> withAttempts(List<ProducerRecord<String, byte[]>> records,
                                                                     List<TranscriptResult> results, int attempts) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<String, byte[]> r = records.get(i);
            TranscriptResult withCount = TranscriptResult.newBuilder(results.get(i)).setAttempts(attempts).build();
            out.add(new ProducerRecord<>(r.topic(), r.partition(), r.key(), AvroCodec.encode(withCount), r.headers()));
        }
        return out;
    }
}
