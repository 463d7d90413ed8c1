package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.publish.JobOutcome;
import io.asrhub.records.AvroCodec;
import io.asrhub.records.FieldBounds;
import io.asrhub.records.Lane;
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
import java.util.Locale;

/**
 * Builds the records a finished job publishes: a result, and for a failure also a dead letter
 * carrying the original record. A dead letter must always fit the producer's limit, so an
 * original too large to carry is left out and the dead letter points at it (source topic,
 * partition, offset) instead.
 */
final class ResultRecords {
    /** Room left in a dead letter for everything besides the original record. */
    private static final int DEAD_LETTER_OVERHEAD = 64 * 1024;
    private static final int MAX_ERROR_MESSAGE = 2_000;

    private final WorkerSettings settings;

    ResultRecords(WorkerSettings settings) {
        this.settings = settings;
    }

    WorkerSettings settings() {
        return settings;
    }

    JobOutcome succeeded(ConsumerRecord<String, byte[]> record, Lane lane, AudioJob job, Transcription t,
                         int attempts) {
        long now = System.currentTimeMillis();
        List<Segment> segments = new ArrayList<>();
        t.transcript().segments().forEach(s -> segments.add(new Segment(s.startMs(), s.endMs(), s.text())));
        TranscriptResult result = base(record, lane, job.getJobId(), attempts, t.provider(), t.model())
                .setStatus(JobStatus.OK)
                .setText(t.transcript().text())
                .setSegments(segments)
                .setLanguage(t.transcript().language())
                .setAudioDurationMs(t.audioDurationMs())
                .setQueueWaitMs(queueWaitMs(job, now, t.processingMs()))
                .setProcessingMs(t.processingMs())
                .setTruncated(t.truncated())
                .build();
        return new JobOutcome(List.of(new ProducerRecord<>(settings.topics().results(), job.getJobId(),
                AvroCodec.encode(result))), true);
    }

    static long queueWaitMs(AudioJob job, long nowMs, long processingMs) {
        return job.getSubmittedAtMs() == null ? 0
                : Math.max(0, nowMs - processingMs - job.getSubmittedAtMs().toEpochMilli());
    }

    JobOutcome failed(ConsumerRecord<String, byte[]> record, Lane lane, AudioJob job, AsrException error,
                      int attempts, String provider, String model) {
        // The record was rejected before its fields were checked, or because of them: never copy more
        // of its id than a valid id may hold, or the dead letter grows with the hostile field.
        String jobId = FieldBounds.cut(job != null ? job.getJobId()
                : record.key() != null ? record.key()
                : "unknown-" + record.topic() + "-" + record.partition() + "-" + record.offset(), FieldBounds.JOB_ID);
        String message = truncate(error.getMessage());
        byte[] original = record.value();
        boolean carryOriginal = original != null && original.length <= settings.maxMessageBytes() - DEAD_LETTER_OVERHEAD;
        if (original != null && !carryOriginal) {
            message = truncate(message) + " [original record of " + original.length
                    + " bytes not copied; it is at the source topic/partition/offset]";
        }
        TranscriptResult toResults = base(record, lane, jobId, attempts, provider, model)
                .setStatus(JobStatus.FAILED)
                .setErrorCode(error.code().name())
                .setErrorMessage(message)
                .build();
        TranscriptResult toDeadLetters = TranscriptResult.newBuilder(toResults)
                .setOriginalJob(carryOriginal ? ByteBuffer.wrap(original) : null)
                .build();
        return new JobOutcome(List.of(
                new ProducerRecord<>(settings.topics().deadLetters(), jobId, AvroCodec.encode(toDeadLetters)),
                new ProducerRecord<>(settings.topics().results(), jobId, AvroCodec.encode(toResults))), false);
    }

    /** Error messages in records are bounded: a hostile input must not make a result large. */
    static String truncate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_ERROR_MESSAGE ? s : s.substring(0, MAX_ERROR_MESSAGE) + "...";
    }

    private TranscriptResult.Builder base(ConsumerRecord<String, byte[]> record, Lane lane, String jobId,
                                          int attempts, String provider, String model) {
        return TranscriptResult.newBuilder()
                .setJobId(jobId)
                .setStatus(JobStatus.FAILED)
                .setLane(lane.name().toLowerCase(Locale.ROOT))
                .setWorkerId(settings.workerId())
                .setAttempts(attempts)
                .setProvider(provider)
                .setModel(model)
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset());
    }
}
