package io.asrhub.bench;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.Settings;
import io.asrhub.worker.AsrWorker;
import io.asrhub.client.JobSubmitter;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.broker.LocalKafkaBroker;
import io.asrhub.client.ResultReader;
import io.asrhub.client.TopicAdmin;
import io.asrhub.worker.WorkerMetrics;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.config.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import io.asrhub.testsupport.TinyWhisperModel;
import io.asrhub.testsupport.ToneWav;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How long a short clip waits when long recordings arrived just before it, on a real broker:
 * baseline = the peers' behaviour (one queue, first come first served, same pool size) against
 * asr-hub's size lanes with one slot reserved for the small lane. Prints both and the ratio.
 * Usage: scripts/bench LaneLatencyBenchmark [ROUNDS]
 */
public final class LaneLatencyBenchmark {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path longFile = ToneWav.write(Path.of("target", "speech", "tone-600s.wav"), 600);
        Path shortFile = Speech.wav("short", Speech.SHORT);
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of("target", "kafka-bench"))) {
            // Baseline: every job in one FIFO queue (all lanes thresholds huge), no reservation.
            double fifo = run(broker, longFile, shortFile, rounds, Map.of("lanes.medium-from-ms", "999999999",
                    "lanes.large-from-ms", "999999999", "lanes.small-reserved-slots", "0"));
            double lanes = run(broker, longFile, shortFile, rounds, Map.of());
            System.out.printf("short-clip latency behind 2 ten-minute files, pool of 2, %d rounds (median):%n", rounds);
            System.out.printf("  one FIFO queue (baseline): %8.0f ms%n", fifo);
            System.out.printf("  asr-hub size lanes:        %8.0f ms%n", lanes);
            System.out.printf("  ratio baseline / lanes:    %8.1fx%n", fifo / lanes);
        }
    }

    private static double run(LocalKafkaBroker broker, Path longFile, Path shortFile, int rounds,
                              Map<String, String> overrides) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> values = new HashMap<>(Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                "kafka.group-id", "bench-" + id, "topics.small", id + ".small", "topics.medium", id + ".medium",
                "topics.large", id + ".large", "topics.results", id + ".results", "topics.dead-letters", id + ".dlq"));
        values.putAll(overrides);
        WorkerSettings ws = WorkerSettings.read(Settings.of(values));
        TopicAdmin.ensureTopics(ws, 1, (short) 1);
        ProviderConfig config = new ProviderConfig("whisper", PoolOptions.builder().minSize(2).maxSize(2).build(), 1,
                TinyWhisperModel.shared(), Map.of());
        RecognitionService service = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT),
                RecognizerPool.start("whisper", new ProviderRegistry().open(config),
                        config.pool().withSmallLaneReservation(ws.smallReservedSlots()),
                        new SimpleMeterRegistry()));
        AsrWorker worker = io.asrhub.assembly.Workers.consumerGroup(ws, io.asrhub.pieces.PieceSettings.OFF,
                io.asrhub.recognition.RecognitionPools.single(service), new WorkerMetrics(new SimpleMeterRegistry()));
        worker.start();
        long[] latencies = new long[rounds];
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(ws, null);
             ResultReader results = new ResultReader(ws.bootstrapServers(), ws.topics().results(), false)) {
            JobSubmitter submitter = new JobSubmitter(producer, ws, new AudioDecoder(AudioLimits.DEFAULT));
            for (int round = 0; round < rounds; round++) {
                java.util.Set<String> pending = new java.util.HashSet<>();
                pending.add(submitter.submit(longFile, null).jobId());
                pending.add(submitter.submit(longFile, null).jobId());
                Thread.sleep(1500);
                long start = System.currentTimeMillis();
                String shortId = submitter.submit(shortFile, null).jobId();
                pending.add(shortId);
                List<TranscriptResult> seen = new java.util.ArrayList<>();
                seen.addAll(results.readUntil(r -> r.stream().anyMatch(x -> x.getJobId().equals(shortId)),
                        Duration.ofMinutes(5)));
                latencies[round] = System.currentTimeMillis() - start;
                seen.forEach(r -> pending.remove(r.getJobId()));
                // drain the long jobs before the next round
                while (!pending.isEmpty()) {
                    results.poll(Duration.ofMillis(200)).forEach(r -> pending.remove(r.getJobId()));
                }
                System.out.printf("  round %d: short clip answered in %d ms%n", round + 1, latencies[round]);
            }
        } finally {
            worker.stop();
            service.close();
        }
        java.util.Arrays.sort(latencies);
        return latencies[rounds / 2];
    }
}
