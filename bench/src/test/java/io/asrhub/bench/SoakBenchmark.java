package io.asrhub.bench;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.broker.LocalKafkaBroker;
import io.asrhub.client.JobSubmitter;
import io.asrhub.client.ResultReader;
import io.asrhub.client.TopicAdmin;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.PoolOptions;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.Settings;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.records.Lane;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import io.asrhub.testsupport.TinyWhisperModel;
import io.asrhub.worker.AsrWorker;
import io.asrhub.worker.WorkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Soak: N jobs through a real broker and an in-process worker (pool of 2 on the generated whisper
 * model), a fraction of them hostile (random bytes, truncated Avro, non-audio, bad references).
 * Every 10% of the jobs it prints the process RSS, live threads and pool instances, so drift shows.
 * Usage: scripts/bench SoakBenchmark [JOBS] [HOSTILE_PERCENT]
 */
public final class SoakBenchmark {
    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int hostilePercent = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path clip = Speech.wav("short", Speech.SHORT);
        Random random = new Random(7);
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of("target", "kafka-soak"))) {
            String id = UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> values = new HashMap<>(Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                    "kafka.group-id", "soak-" + id, "topics.small", id + ".small", "topics.medium", id + ".medium",
                    "topics.large", id + ".large", "topics.results", id + ".results",
                    "topics.dead-letters", id + ".dlq", "worker.id", "soak"));
            WorkerSettings ws = WorkerSettings.read(Settings.of(values));
            TopicAdmin.ensureTopics(ws, 2, (short) 1);
            ProviderConfig config = new ProviderConfig("whisper", PoolOptions.builder().minSize(2).maxSize(2)
                    .build().withSmallLaneReservation(1), 1, TinyWhisperModel.shared(), Map.of());
            RecognitionService service = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT),
                    RecognizerPool.start("whisper", new ProviderRegistry().open(config), config.pool(),
                            new SimpleMeterRegistry()));
            AsrWorker worker = io.asrhub.assembly.Workers.consumerGroup(ws, io.asrhub.pieces.PieceSettings.OFF,
                    RecognitionPools.single(service), new WorkerMetrics(new SimpleMeterRegistry()));
            worker.start();
            Set<String> expected = new HashSet<>();
            Set<String> answered = new HashSet<>();
            int ok = 0;
            int failed = 0;
            long start = System.nanoTime();
            System.out.printf("soak: %d jobs, %d%% hostile, pool of 2 (generated model)%n", jobs, hostilePercent);
            System.out.println("  jobs   answered   ok  failed   rss_MiB  threads  pool_instances  elapsed_s");
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(ws, null);
                 ResultReader results = new ResultReader(ws, ws.topics().results(), true)) {
                JobSubmitter submitter = new JobSubmitter(producer, ws, new AudioDecoder(AudioLimits.DEFAULT));
                int step = Math.max(1, jobs / 10);
                for (int sent = 0; sent < jobs; ) {
                    int batch = Math.min(step, jobs - sent);
                    for (int i = 0; i < batch; i++, sent++) {
                        if (random.nextInt(100) < hostilePercent) {
                            byte[] junk = new byte[1 + random.nextInt(4096)];
                            random.nextBytes(junk);
                            String key = "hostile-" + sent;
                            submitter.sendRaw(Lane.SMALL, key, junk);
                            expected.add(key);
                        } else {
                            expected.add(submitter.submit(clip, null).jobId());
                        }
                    }
                    int target = sent;
                    for (TranscriptResult r : results.readUntil(r -> answeredAll(r, answered, target),
                            Duration.ofMinutes(5))) {
                        if (r.getStatus() == JobStatus.OK) {
                            ok++;
                        } else {
                            failed++;
                        }
                    }
                    System.out.printf("  %5d   %8d %5d %6d   %7.0f  %7d  %14d  %9.1f%n", sent, ok + failed, ok, failed,
                            rssMiB(), Thread.activeCount(), service.pool().size(),
                            (System.nanoTime() - start) / 1e9);
                }
            } finally {
                worker.stop();
                service.close();
            }
        }
    }

    private static boolean answeredAll(java.util.List<TranscriptResult> batch, Set<String> answered, int target) {
        Set<String> all = new HashSet<>(answered);
        batch.forEach(r -> all.add(r.getJobId()));
        if (all.size() >= target) {
            answered.addAll(all);
            return true;
        }
        return false;
    }

    private static double rssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }
}
