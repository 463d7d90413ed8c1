package io.asrhub.it;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.Settings;
import io.asrhub.worker.AsrWorker;
import io.asrhub.records.AvroCodec;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.records.Lane;
import io.asrhub.client.ResultReader;
import io.asrhub.client.TopicAdmin;
import io.asrhub.worker.WorkerMetrics;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.config.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.Provider;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.assembly.Workers;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.testsupport.ToneWav;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Workers in share mode (or, for contrast, consumer mode) against the shared broker, on lanes of
 * ONE partition each, with topics and a group of their own ({@link OwnTopicsHarness}).
 */
final class ShareHarness extends OwnTopicsHarness {
    /** The share workers' meters (all workers of this harness register into it). */
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final byte[] clip;

    ShareHarness(String bootstrap, Map<String, String> overrides) throws Exception {
        super("share-it-", bootstrap, Map.of("worker.group-type", "share", "worker.shutdown-grace-ms", "5000"),
                overrides);
        TopicAdmin.ensureTopics(settings, 1, (short) 1);
        Path wav = Files.createTempFile(Path.of("target"), "share-clip", ".wav");
        ToneWav.write(wav, 1);
        clip = Files.readAllBytes(wav);
        Files.delete(wav);
    }

    Settings settingsFor(String workerId) throws io.asrhub.errors.AsrException {
        return Settings.of(values).with("worker.id", workerId);
    }

    AsrWorker startShareWorker(String workerId, Provider provider, int slots) throws Exception {
        Settings own = settingsFor(workerId);
        AsrWorker worker = Workers.create(own, WorkerSettings.read(own), PieceSettings.OFF,
                RecognitionPools.single(service(provider, slots)), new WorkerMetrics(meters));
        worker.start();
        resources.add(worker::kill);
        return worker;
    }

    /** Consumer-group mode on the same one-partition lanes, in a group of its own. */
    AsrWorker startConsumerWorker(String workerId, Provider provider, int slots) throws Exception {
        Settings own = settingsFor(workerId).with("worker.group-type", "consumer")
                .with("kafka.group-id", settings.groupId() + "-consumers");
        AsrWorker worker = Workers.create(own, WorkerSettings.read(own), PieceSettings.OFF,
                RecognitionPools.single(service(provider, slots)), new WorkerMetrics(new SimpleMeterRegistry()));
        worker.start();
        resources.add(worker::kill);
        return worker;
    }

    private RecognitionService service(Provider provider, int slots) throws Exception {
        RecognizerPool pool = RecognizerPool.start("scripted", provider,
                PoolOptions.builder().minSize(slots).maxSize(slots).warmUp(false).build()
                        .withSmallLaneReservation(settings.smallReservedSlots()), new SimpleMeterRegistry());
        RecognitionService service = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT), pool);
        resources.add(service);
        return service;
    }

    /** A one-second tone on the small lane; the job id steers {@link ScriptedProvider}. */
    void send(String jobId) throws Exception {
        AudioJob job = AudioJob.newBuilder().setJobId(jobId).setSubmittedAtMs(Instant.now())
                .setAudio(new InlineAudio(ByteBuffer.wrap(clip))).setByteSize(clip.length)
                .setAttributes(Map.of()).build();
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(settings.topics().lane(Lane.SMALL),
                jobId, AvroCodec.encode(job))).get();
    }

    static Map<String, Long> countBy(List<TranscriptResult> results, Function<TranscriptResult, String> key) {
        return results.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
