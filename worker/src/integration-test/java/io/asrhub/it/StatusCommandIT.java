package io.asrhub.it;

import io.asrhub.cli.CliRun;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.pieces.PieceCodec;
import io.asrhub.records.AvroCodec;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobProgress;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code asr-hub status} on a real broker, with the records a worker and the stitcher would write
 * published by hand (no worker runs): the job records go through the producer's default partitioner,
 * so finding them also checks that status looks in the partition the producer chose.
 */
@ExtendWith(SharedKafka.class)
class StatusCommandIT {
    @Test
    void reportsEveryStageOfAJob() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(h.settings, null);
             Admin admin = KafkaClients.admin(h.settings)) {
            String progressTopic = h.settings.groupId() + ".progress";
            admin.createTopics(List.of(new NewTopic(progressTopic, 3, (short) 1))).all().get();
            Path config = config(h, progressTopic);
            String small = h.settings.topics().small();

            // taken: the group committed past it, and nothing else is known
            String taken = id("taken");
            RecordMetadata takenAt = send(producer, small, taken, AvroCodec.encode(job(taken)));
            admin.alterConsumerGroupOffsets(h.settings.groupId(), Map.of(
                    new TopicPartition(small, takenAt.partition()), new OffsetAndMetadata(takenAt.offset() + 1)))
                    .all().get();
            // queued: behind a few other jobs in the same lane
            for (int i = 0; i < 4; i++) {
                send(producer, small, id("filler"), AvroCodec.encode(job("filler")));
            }
            String queued = id("queued");
            RecordMetadata queuedAt = send(producer, small, queued, AvroCodec.encode(job(queued)));
            long expectedAhead = queuedAt.partition() == takenAt.partition()
                    ? queuedAt.offset() - (takenAt.offset() + 1) : queuedAt.offset();
            // in progress: split (0/7), then 3 pieces done; only the latest record counts
            String split = id("split");
            send(producer, h.settings.topics().large(), split, AvroCodec.encode(job(split)));
            send(producer, progressTopic, split, PieceCodec.encode(progress(split, 0, 0)));
            send(producer, progressTopic, split, PieceCodec.encode(progress(split, 3, 90_000)));
            // done and failed: a result on the results topic (the job records need not be found)
            String done = id("done");
            send(producer, progressTopic, done, PieceCodec.encode(progress(done, 7, 210_000)));
            send(producer, h.settings.topics().results(), done, AvroCodec.encode(TranscriptResult.newBuilder()
                    .setJobId(done).setStatus(JobStatus.OK).setLane("large").setWorkerId("worker-a,worker-b")
                    .setAudioDurationMs(210_000).setText("the quick brown fox " + "jumps ".repeat(30)).build()));
            String failed = id("failed");
            send(producer, h.settings.topics().results(), failed, AvroCodec.encode(TranscriptResult.newBuilder()
                    .setJobId(failed).setStatus(JobStatus.FAILED).setLane("small").setErrorCode("NOT_AUDIO")
                    .setErrorMessage("plain.txt is not audio").build()));
            String unknown = id("unknown");

            CliRun run = CliRun.of("status", taken, queued, split, done, failed, unknown,
                    "--config", config.toString());
            assertEquals(1, run.exitCode(), "one job is unknown: " + run.out() + run.err());
            List<String> lines = run.out().lines().toList();
            assertEquals(6, lines.size(), run.out());
            assertEquals(taken + ": taken by a worker (" + small + " partition " + takenAt.partition() + " offset "
                    + takenAt.offset() + ", group committed past it), no result yet", lines.get(0));
            assertEquals(queued + ": queued (" + small + " partition " + queuedAt.partition() + " offset "
                    + queuedAt.offset() + "), " + expectedAhead + " record(s) ahead of it in its partition",
                    lines.get(1));
            assertEquals(split + ": in progress, 3/7 pieces, 90.0/210.0 s audio", lines.get(2));
            assertTrue(lines.get(3).startsWith(done + ": done [large] by worker-a,worker-b, 210.0 s audio: "
                    + "the quick brown fox jumps"), lines.get(3));
            assertTrue(lines.get(3).endsWith("..."), "text cut to a preview: " + lines.get(3));
            assertEquals(failed + ": failed [small] NOT_AUDIO: plain.txt is not audio", lines.get(4));
            assertEquals(unknown + ": unknown (not in any lane, the progress or the results topic)", lines.get(5));

            CliRun json = CliRun.of("status", queued, split, done, "--format", "json", "--config", config.toString());
            assertEquals(0, json.exitCode(), "every job found: " + json.err());
            List<String> objects = json.out().lines().toList();
            assertTrue(objects.get(0).contains("\"state\":\"queued\"")
                    && objects.get(0).contains("\"recordsAhead\":" + expectedAhead), objects.get(0));
            assertTrue(objects.get(1).contains("\"state\":\"in_progress\"")
                    && objects.get(1).contains("\"piecesDone\":3"), objects.get(1));
            assertTrue(objects.get(2).contains("\"state\":\"done\"")
                    && objects.get(2).contains("\"status\":\"OK\""), objects.get(2));
        }
    }

    @Test
    void worksWithoutAProgressTopicAndDoesNotCreateOne() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(h.settings, null);
             Admin admin = KafkaClients.admin(h.settings)) {
            String missing = h.settings.groupId() + ".no-progress";
            String queued = id("queued");
            send(producer, h.settings.topics().medium(), queued, AvroCodec.encode(job(queued)));

            CliRun run = CliRun.of("status", queued, "--config", config(h, missing).toString());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().startsWith(queued + ": queued (" + h.settings.topics().medium()), run.out());
            assertFalse(admin.listTopics().names().get().contains(missing), "status must not create topics");
        }
    }

    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, String topic, String key,
                                       byte[] value) throws Exception {
        // No partition given: the default partitioner places it by key, as submit does.
        return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private static String id(String what) {
        return what + "-" + UUID.randomUUID();
    }

    private static AudioJob job(String jobId) {
        return AudioJob.newBuilder().setJobId(jobId).setSubmittedAtMs(Instant.now())
                .setAudio(new InlineAudio(ByteBuffer.wrap(new byte[]{1, 2, 3}))).setByteSize(3).build();
    }

    private static JobProgress progress(String jobId, int piecesDone, long audioMsDone) {
        return JobProgress.newBuilder().setJobId(jobId).setPiecesDone(piecesDone).setPiecesTotal(7)
                .setAudioMsDone(audioMsDone).setAudioMsTotal(210_000).setUpdatedAtMs(System.currentTimeMillis())
                .build();
    }

    /** The harness's topics, group and bootstrap, as a user's config file names them. */
    static Path config(WorkerHarness h, String progressTopic) throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "status", ".yaml");
        Files.writeString(config, "kafka:\n"
                + "  bootstrap-servers: " + h.settings.bootstrapServers() + "\n"
                + "  group-id: " + h.settings.groupId() + "\n"
                + "topics:\n"
                + "  small: " + h.settings.topics().small() + "\n"
                + "  medium: " + h.settings.topics().medium() + "\n"
                + "  large: " + h.settings.topics().large() + "\n"
                + "  results: " + h.settings.topics().results() + "\n"
                + "  dead-letters: " + h.settings.topics().deadLetters() + "\n"
                + "  progress: " + progressTopic + "\n");
        return config;
    }
}
