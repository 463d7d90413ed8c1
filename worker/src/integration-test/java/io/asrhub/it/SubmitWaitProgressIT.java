package io.asrhub.it;

import io.asrhub.cli.Main;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.pieces.PieceCodec;
import io.asrhub.records.AvroCodec;
import io.asrhub.schema.JobProgress;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Await;
import io.asrhub.testsupport.ConsoleCapture;
import io.asrhub.testsupport.ToneWav;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code submit --wait} on a real broker shows the progress records of its job on stderr while
 * stdout carries only the transcript. No worker runs: the test plays the worker and the stitcher,
 * publishing progress once the job is in its lane and the result once the CLI has drawn the progress.
 */
@ExtendWith(SharedKafka.class)
class SubmitWaitProgressIT {
    private final ConsoleCapture console = new ConsoleCapture();

    @Test
    void progressOfTheSubmittedJobIsDrawnOnStderr() throws Exception {
        run(true);
    }

    @Test
    void aProgressTopicCreatedAfterSubmitStartedIsStillFollowedFromItsFirstRecord() throws Exception {
        run(false);
    }

    private void run(boolean topicExistsBeforeSubmit) throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(h.settings, null);
             Admin admin = KafkaClients.admin(h.settings)) {
            String progressTopic = h.settings.groupId() + ".progress";
            NewTopic topic = new NewTopic(progressTopic, 2, (short) 1);
            if (topicExistsBeforeSubmit) {
                admin.createTopics(List.of(topic)).all().get();
            }
            Path audio = ToneWav.write(Path.of("target", "wait-progress-" + h.settings.groupId() + ".wav"), 2);
            CompletableFuture<Integer> submit = runCli("submit", audio.toString(), "--wait", "--timeout", "60",
                    "--format", "json", "--config", StatusCommandIT.config(h, progressTopic).toString());

            String jobId = awaitJobIn(h, h.settings.topics().small());
            if (!topicExistsBeforeSubmit) {
                admin.createTopics(List.of(topic)).all().get();
            }
            send(producer, progressTopic, jobId, PieceCodec.encode(progress(jobId, 0, 0)));
            send(producer, progressTopic, jobId, PieceCodec.encode(progress(jobId, 3, 90_000)));
            Await.until("progress drawn", () -> console.err().contains("3/7 pieces, 90.0/210.0 s audio"),
                    Duration.ofSeconds(30));
            send(producer, h.settings.topics().results(), jobId, AvroCodec.encode(TranscriptResult.newBuilder()
                    .setJobId(jobId).setStatus(JobStatus.OK).setLane("small").setText("a tone").build()));

            assertEquals(0, submit.get(60, TimeUnit.SECONDS), console.err());
            String stderr = console.err();
            assertTrue(stderr.contains("0/7 pieces, 0.0/210.0 s audio"), "the first record is not missed: " + stderr);
            assertTrue(stderr.contains(audio.getFileName() + " ["), "labelled by the file: " + stderr);
            List<String> stdout = console.out().lines().toList();
            assertEquals(1, stdout.size(), "stdout holds the transcript only: " + console.out());
            assertTrue(stdout.get(0).startsWith("{\"jobId\":\"" + jobId + "\""), stdout.get(0));
            assertFalse(console.out().contains("\r"), "no progress drawing on stdout");
        }
    }

    /** Main in-process on its own thread, its output captured where the test can watch it while it runs. */
    private CompletableFuture<Integer> runCli(String... args) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread cli = new Thread(() -> {
            try {
                exit.complete(console.call(() -> Main.run(args)));
            } catch (Throwable e) {
                exit.completeExceptionally(e);
            }
        }, "cli-submit");
        cli.setDaemon(true);
        cli.start();
        return exit;
    }

    /** The id of the job the CLI published, read off its lane as a worker would see it. */
    private static String awaitJobIn(WorkerHarness h, String lane) throws Exception {
        AtomicReference<String> jobId = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClients.readerConfig(h.settings),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(lane).stream()
                    .map(p -> new TopicPartition(lane, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Await.until("job published", () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    jobId.set(r.key());
                }
                return jobId.get() != null;
            }, Duration.ofSeconds(30));
        }
        return jobId.get();
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private static JobProgress progress(String jobId, int piecesDone, long audioMsDone) {
        return JobProgress.newBuilder().setJobId(jobId).setPiecesDone(piecesDone).setPiecesTotal(7)
                .setAudioMsDone(audioMsDone).setAudioMsTotal(210_000).build();
    }
}
