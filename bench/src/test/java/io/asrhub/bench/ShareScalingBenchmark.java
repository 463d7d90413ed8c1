package io.asrhub.bench;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.Settings;
import io.asrhub.worker.AsrWorker;
import io.asrhub.records.AvroCodec;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.records.Lane;
import io.asrhub.broker.LocalKafkaBroker;
import io.asrhub.client.ResultReader;
import io.asrhub.client.TopicAdmin;
import io.asrhub.worker.WorkerMetrics;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.config.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.TinyWhisperModel;
import io.asrhub.testsupport.ToneWav;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Throughput of 1, 2 and 3 workers (pool of 1 slot, 1 whisper thread each) on a lane with ONE
 * partition, share mode against consumer mode, on a real broker with real native whisper (the
 * generated tiny model, so the work is CPU-bound). Prints jobs/s and the ratio to one worker.
 * Usage: scripts/bench ShareScalingBenchmark [JOBS] [CLIP_SECONDS]
 */
public final class ShareScalingBenchmark {
    private static final List<Integer> WORKERS = List.of(1, 2, 3);

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int clipSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Path wav = ToneWav.write(Path.of("target", "speech", "tone-" + clipSeconds + "s.wav"), clipSeconds);
        byte[] clip = Files.readAllBytes(wav);
        Map<String, double[]> throughput = new TreeMap<>();
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of("target", "kafka-bench"))) {
            for (String mode : List.of("share", "consumer")) {
                double[] perCount = new double[WORKERS.size()];
                for (int i = 0; i < WORKERS.size(); i++) {
                    perCount[i] = run(broker.bootstrapServers(), mode, WORKERS.get(i), jobs, clip);
                }
                throughput.put(mode, perCount);
            }
        }
        System.out.printf("%d jobs of a %d s clip on a one-partition lane, workers of 1 slot / 1 thread each:%n",
                jobs, clipSeconds);
        for (var e : throughput.entrySet()) {
            double[] t = e.getValue();
            for (int i = 0; i < WORKERS.size(); i++) {
                System.out.printf("  %-8s %d worker(s): %6.2f jobs/s  (%.2fx one worker)%n", e.getKey(),
                        WORKERS.get(i), t[i], t[i] / t[0]);
            }
        }
    }

    /** Jobs per second once all {@code workers} are in the group and warm. */
    private static double run(String bootstrap, String mode, int workers, int jobs, byte[] clip) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> values = new HashMap<>(Map.of("kafka.bootstrap-servers", bootstrap,
                "kafka.group-id", "bench-" + id, "topics.small", id + ".small", "topics.medium", id + ".medium",
                "topics.large", id + ".large", "topics.results", id + ".results", "topics.dead-letters", id + ".dlq",
                "worker.group-type", mode, "lanes.small-reserved-slots", "0"));
        WorkerSettings ws = WorkerSettings.read(Settings.of(values));
        TopicAdmin.ensureTopics(ws, 1, (short) 1);
        List<AutoCloseable> open = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(ws, null);
             ResultReader results = new ResultReader(bootstrap, ws.topics().results(), true)) {
            for (int w = 0; w < workers; w++) {
                open.add(startWorker(Settings.of(values).with("worker.id", mode + "-" + w), mode));
            }
            awaitMembers(bootstrap, mode, ws.groupId(), workers);
            send(producer, ws, "warm", 2 * workers, clip);
            results.readUntil(r -> r.size() >= 2 * workers, Duration.ofMinutes(5));
            long start = System.nanoTime();
            send(producer, ws, "job", jobs, clip);
            List<TranscriptResult> done = results.readUntil(r -> r.size() >= jobs, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Integer> perWorker = new TreeMap<>();
            done.forEach(r -> perWorker.merge(r.getWorkerId(), 1, Integer::sum));
            System.out.printf("%s, %d worker(s): %d jobs in %.1f s, per worker %s%n", mode, workers, done.size(),
                    seconds, perWorker);
            return done.size() / seconds;
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    private static AutoCloseable startWorker(Settings settings, String mode) throws Exception {
        ProviderConfig config = new ProviderConfig("whisper", PoolOptions.builder().minSize(1).maxSize(1).build(), 1,
                TinyWhisperModel.shared(), Map.of());
        RecognitionService service = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT),
                RecognizerPool.start("whisper", new ProviderRegistry().open(config), config.pool(),
                        new SimpleMeterRegistry()));
        WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
        if (mode.equals("share")) {
            AsrWorker worker = io.asrhub.assembly.Workers.create(settings, WorkerSettings.read(settings),
                    io.asrhub.pieces.PieceSettings.OFF, io.asrhub.recognition.RecognitionPools.single(service), metrics);
            worker.start();
            return () -> {
                worker.stop();
                service.close();
            };
        }
        AsrWorker worker = io.asrhub.assembly.Workers.consumerGroup(WorkerSettings.read(settings),
                io.asrhub.pieces.PieceSettings.OFF, io.asrhub.recognition.RecognitionPools.single(service), metrics);
        worker.start();
        return () -> {
            worker.stop();
            service.close();
        };
    }

    /** Waits until the small lane's group is stable with every worker in it, so joining is not timed. */
    private static void awaitMembers(String bootstrap, String mode, String groupId, int workers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            io.asrhub.testsupport.Await.until(workers + " workers joined " + groupId,
                    () -> joined(admin, mode, groupId, workers), Duration.ofSeconds(60));
        }
    }

    private static boolean joined(Admin admin, String mode, String groupId, int workers) throws Exception {
        try {
            if (mode.equals("share")) {
                String group = groupId + "-small";
                var d = admin.describeShareGroups(List.of(group)).all().get().get(group);
                return d.members().size() == workers && d.groupState() == GroupState.STABLE;
            }
            var d = admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId);
            return d.members().size() == workers && d.groupState() == GroupState.STABLE;
        } catch (java.util.concurrent.ExecutionException notYetCreated) {
            return false; // the group appears with its first member's heartbeat
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, WorkerSettings ws, String prefix, int n,
                             byte[] clip) throws Exception {
        for (int i = 0; i < n; i++) {
            String jobId = prefix + "-" + i;
            AudioJob job = AudioJob.newBuilder().setJobId(jobId).setSubmittedAtMs(Instant.now())
                    .setAudio(new InlineAudio(ByteBuffer.wrap(clip))).setByteSize(clip.length)
                    .setAttributes(Map.of()).build();
            // Straight into the small lane: every job goes through the one partition under test.
            producer.send(new ProducerRecord<>(ws.topics().lane(Lane.SMALL), jobId, AvroCodec.encode(job)));
        }
        producer.flush();
    }
}
