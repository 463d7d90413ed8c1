package io.asrhub.client;

import io.asrhub.records.AvroCodec;
import io.asrhub.records.Lane;
import io.asrhub.kafka.WorkerSettings;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.errors.AsrException;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioReference;
import io.asrhub.schema.InlineAudio;
import io.asrhub.trace.TraceContext;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Publishes audio files as jobs. The lane is chosen from the real duration (read from the file
 * header when the file decodes) or else its size. Files too big to travel inline are sent as
 * file: references, which workers read only from their configured roots.
 */
public final class JobSubmitter {
    private final Producer<String, byte[]> producer;
    private final WorkerSettings settings;
    private final AudioDecoder probe;

    public JobSubmitter(Producer<String, byte[]> producer, WorkerSettings settings, AudioDecoder probe) {
        this.producer = producer;
        this.settings = settings;
        this.probe = probe;
    }

    /** A submitted job: its id, the lane it went to and the trace context its record carries. */
    public record Submitted(String jobId, Lane lane, Path file, TraceContext trace) {
    }

    public Submitted submit(Path file, String languageHint) throws IOException, InterruptedException {
        return submit(file, languageHint, null);
    }

    /** With {@code providerHint}: the worker uses that provider's pool (a FAILED UNKNOWN_PROVIDER if it has none). */
    public Submitted submit(Path file, String languageHint, String providerHint)
            throws IOException, InterruptedException {
        return submit(file, languageHint, providerHint, null, TraceContext.fresh());
    }

    /**
     * With {@code tenant}: the job counts against that producer, and workers admit a lane's jobs
     * round-robin across tenants (docs/configuration.md, "Fairness between producers"). The record
     * key stays the job id, so one tenant's burst spreads over all partitions of the lane.
     * With {@code trace}: the job's record carries it as its {@code traceparent} header (a new trace
     * per job by default), and the worker carries it on to the job's transcript and log lines.
     */
    public Submitted submit(Path file, String languageHint, String providerHint, String tenant, TraceContext trace)
            throws IOException, InterruptedException {
        byte[] bytes = Files.readAllBytes(file);
        Long durationMs = null;
        try {
            durationMs = probe.decodeNativeRate(file.toString(), bytes).durationMs();
        } catch (AsrException e) {
            // Undecodable files are still submitted: the worker dead-letters them with the reason.
        }
        Lane lane = settings.router().route(durationMs, bytes.length);
        String jobId = UUID.randomUUID().toString();
        boolean inline = bytes.length <= settings.maxMessageBytes() - 64 * 1024;
        AudioJob job = AudioJob.newBuilder()
                .setJobId(jobId)
                .setSubmittedAtMs(Instant.now())
                .setAudio(inline ? new InlineAudio(ByteBuffer.wrap(bytes))
                        : new AudioReference(file.toAbsolutePath().toUri().toString()))
                .setContentType(contentType(file))
                .setByteSize(bytes.length)
                .setDurationMs(durationMs)
                .setLanguageHint(languageHint)
                .setProviderHint(providerHint)
                .setTenant(tenant)
                .setAttributes(Map.of("file", file.getFileName().toString()))
                .build();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.topics().lane(lane), jobId,
                AvroCodec.encode(job));
        trace.addTo(record.headers());
        send(record);
        return new Submitted(jobId, lane, file, trace);
    }

    /** Sends raw bytes to a lane; used to publish deliberately malformed records in tests and tools. */
    public void sendRaw(Lane lane, String key, byte[] value) throws InterruptedException {
        send(new ProducerRecord<>(settings.topics().lane(lane), key, value));
    }

    private void send(ProducerRecord<String, byte[]> record) throws InterruptedException {
        try {
            producer.send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish job to " + record.topic() + ": " + e.getCause(),
                    e.getCause());
        }
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".wav")) {
            return "audio/wav";
        }
        if (name.endsWith(".flac")) {
            return "audio/flac";
        }
        if (name.endsWith(".mp3")) {
            return "audio/mpeg";
        }
        if (name.endsWith(".ogg")) {
            return "audio/ogg";
        }
        if (name.endsWith(".opus")) {
            return "audio/ogg; codecs=opus";
        }
        return "application/octet-stream";
    }
}
