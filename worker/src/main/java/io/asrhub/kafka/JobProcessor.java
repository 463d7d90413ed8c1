package io.asrhub.kafka;

import io.asrhub.audio.DecodedAudio;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.recognition.Transcription;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.Segment;
import io.asrhub.schema.TranscriptResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one lane record into its outcome. Bad input is dead-lettered at once; transient failures
 * are retried with exponential backoff up to {@code maxAttempts}, then dead-lettered. Nothing
 * thrown here may escape: every record ends as a result, a dead letter, or (on shutdown) abandoned.
 */
public final class JobProcessor {
    private final RecognitionService recognition;
    private final JobAudioSource audioSource;
    private final WorkerSettings settings;
    private final WorkerMetrics metrics;

    public JobProcessor(RecognitionService recognition, JobAudioSource audioSource, WorkerSettings settings,
                        WorkerMetrics metrics) {
        this.recognition = recognition;
        this.audioSource = audioSource;
        this.settings = settings;
        this.metrics = metrics;
    }

    public JobOutcome process(ConsumerRecord<String, byte[]> record, Lane lane) {
        AudioJob job;
        try {
            job = AvroCodec.decodeJob(record.value());
        } catch (AsrException e) {
            return failed(record, lane, null, e, 1);
        }
        int attempt = 0;
        DecodedAudio audio = null;
        while (true) {
            attempt++;
            try {
                // Read and decode once; a retry repeats only what failed (I/O or recognition).
                if (audio == null) {
                    audio = recognition.decode(job.getJobId(), audioSource.read(job));
                }
                Transcription t = recognition.recognise(job.getJobId(), audio, job.getLanguageHint());
                return succeeded(record, lane, job, t, audio.truncated(), attempt);
            } catch (AsrException e) {
                if (shuttingDown(e)) {
                    return JobOutcome.ABANDONED;
                }
                if (!e.isTransient() || attempt >= settings.maxAttempts()) {
                    return failed(record, lane, job, e, attempt);
                }
                metrics.retried(lane, e.code());
                if (!sleep(settings.retryBackoff().toMillis() << (attempt - 1))) {
                    return JobOutcome.ABANDONED;
                }
            } catch (RuntimeException e) {
                return failed(record, lane, job, new AsrException(ErrorCode.PROVIDER_FAILED,
                        "unexpected error: " + e), attempt);
            }
        }
    }

    private static boolean shuttingDown(AsrException e) {
        return e.code() == ErrorCode.INTERRUPTED || e.code() == ErrorCode.POOL_CLOSED
                || Thread.currentThread().isInterrupted();
    }

    private JobOutcome succeeded(ConsumerRecord<String, byte[]> record, Lane lane, AudioJob job, Transcription t,
                                 boolean truncated, int attempts) {
        long now = System.currentTimeMillis();
        List<Segment> segments = new ArrayList<>();
        t.transcript().segments().forEach(s -> segments.add(new Segment(s.startMs(), s.endMs(), s.text())));
        TranscriptResult result = base(record, lane, job.getJobId(), attempts)
                .setStatus(JobStatus.OK)
                .setText(t.transcript().text())
                .setSegments(segments)
                .setLanguage(t.transcript().language())
                .setProvider(t.provider())
                .setModel(t.model())
                .setAudioDurationMs(t.audioDurationMs())
                .setQueueWaitMs(Math.max(0, now - t.processingMs() - job.getSubmittedAtMs().toEpochMilli()))
                .setProcessingMs(t.processingMs())
                .setTruncated(truncated)
                .build();
        metrics.completed(lane, "ok", t.processingMs());
        return new JobOutcome(List.of(new ProducerRecord<>(settings.topics().results(), job.getJobId(),
                AvroCodec.encode(result))), true);
    }

    private JobOutcome failed(ConsumerRecord<String, byte[]> record, Lane lane, AudioJob job, AsrException error,
                              int attempts) {
        String jobId = job != null ? job.getJobId()
                : record.key() != null ? record.key()
                : "unknown-" + record.topic() + "-" + record.partition() + "-" + record.offset();
        TranscriptResult.Builder failure = base(record, lane, jobId, attempts)
                .setStatus(JobStatus.FAILED)
                .setErrorCode(error.code().name())
                .setErrorMessage(error.getMessage());
        TranscriptResult toResults = failure.build();
        TranscriptResult toDeadLetters = TranscriptResult.newBuilder(toResults)
                .setOriginalJob(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .build();
        metrics.completed(lane, "failed", 0);
        metrics.deadLettered(lane, error.code());
        return new JobOutcome(List.of(
                new ProducerRecord<>(settings.topics().deadLetters(), jobId, AvroCodec.encode(toDeadLetters)),
                new ProducerRecord<>(settings.topics().results(), jobId, AvroCodec.encode(toResults))), false);
    }

    private TranscriptResult.Builder base(ConsumerRecord<String, byte[]> record, Lane lane, String jobId,
                                          int attempts) {
        return TranscriptResult.newBuilder()
                .setJobId(jobId)
                .setStatus(JobStatus.FAILED)
                .setLane(lane.name().toLowerCase(java.util.Locale.ROOT))
                .setWorkerId(settings.workerId())
                .setAttempts(attempts)
                .setProvider(recognition.pool().provider().name())
                .setModel(recognition.pool().provider().modelName())
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset());
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
