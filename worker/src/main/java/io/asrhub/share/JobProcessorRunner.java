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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
    private final ShareJobMetrics metrics;

    private JobProcessorRunner(JobProcessor processor, ShareJobMetrics metrics) {
        this.processor = processor;
        this.metrics = metrics;
    }

    /**
     * {@code settings} are the worker's; the processor's own retry loop is switched off here, and
     * its meters go to a scratch registry because it would count every failed delivery as a dead
     * letter: the job meters are counted here, per verdict.
     */
    public static JobProcessorRunner create(Settings settings, RecognitionService recognition, WorkerMetrics metrics)
            throws AsrException {
        WorkerSettings oneAttempt = WorkerSettings.read(settings.with("worker.max-attempts", "1"));
        JobProcessor processor = new JobProcessor(recognition, new JobAudioSource(oneAttempt.referenceRoots(),
                recognition.decoder().limits().maxBytes()), oneAttempt, new WorkerMetrics(new SimpleMeterRegistry()));
        return new JobProcessorRunner(processor, new ShareJobMetrics(metrics.registry()));
    }

    @Override
    public JobRun run(ConsumerRecord<String, byte[]> record, Lane lane, Attempt attempt) {
        JobOutcome outcome = processor.process(record, lane);
        if (outcome.abandoned()) {
            return JobRun.RELEASED;
        }
        List<TranscriptResult> results = decode(outcome.records());
        if (outcome.succeeded()) {
            metrics.succeeded(lane, results.isEmpty() ? 0 : results.get(0).getProcessingMs());
            return new JobRun(withAttempts(outcome.records(), results, attempt.number()), Verdict.ACCEPT);
        }
        String code = errorCode(results);
        if (isTransient(code) && !attempt.last()) {
            metrics.released(lane, code);
            return JobRun.RELEASED;
        }
        metrics.deadLettered(lane, code);
        return new JobRun(withAttempts(outcome.records(), results, attempt.number()), Verdict.REJECT);
    }

    private static String errorCode(List<TranscriptResult> results) {
        for (TranscriptResult r : results) {
            if (r.getStatus() == JobStatus.FAILED && r.getErrorCode() != null) {
                return r.getErrorCode();
            }
        }
        return ErrorCode.PROVIDER_FAILED.name();
    }

    private static boolean isTransient(String code) {
        try {
            return ErrorCode.valueOf(code).isTransient();
        } catch (IllegalArgumentException unknownCode) {
            return false;
        }
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
