package io.asrhub.it;

import io.asrhub.client.ResultReader;
import io.asrhub.records.AvroCodec;
import io.asrhub.records.FieldBounds;
import io.asrhub.records.Lane;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.ToneWav;
import io.asrhub.worker.AsrWorker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 1 on a real broker: a record whose jobId is 6,000,000 characters (100 bytes of
 * audio) on the small lane, with two workers in one group. Before, its dead letter exceeded the
 * producer's limit, RecordTooLargeException stopped the worker, the other worker took the partition
 * and stopped too. Now: exactly one FAILED result and one dead letter, neither echoing the id, and
 * both workers alive and answering the jobs behind it on both partitions.
 */
@ExtendWith(SharedKafka.class)
class OversizedRecordIT {
    @Test
    void aSixMillionCharacterJobIdFailsAloneAndBothWorkersGoOn() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            AsrWorker first = h.startWorker(1, "worker-a");
            AsrWorker second = h.startWorker(1, "worker-b");
            waitForMembers(h, 2);
            ResultReader results = h.results();
            ResultReader deadLetters = h.deadLetters();
            String topic = h.settings.topics().lane(Lane.SMALL);

            String prefix = "huge-" + UUID.randomUUID();
            String hugeId = prefix + "x".repeat(6_000_000 - prefix.length());
            AudioJob hostile = AudioJob.newBuilder().setJobId(hugeId).setSubmittedAtMs(Instant.now())
                    .setAudio(new InlineAudio(ByteBuffer.wrap(new byte[100]))).setByteSize(100)
                    .setAttributes(Map.of()).build();
            h.sendTo(topic, 0, hugeId, AvroCodec.encode(hostile));
            byte[] tone = Files.readAllBytes(ToneWav.write(Path.of("target", "speech", "tone-2s.wav"), 2));
            List<String> next = new ArrayList<>();
            for (int partition = 0; partition < 2; partition++) {
                String id = "after-huge-" + partition + "-" + UUID.randomUUID();
                next.add(id);
                h.sendTo(topic, partition, id, AvroCodec.encode(AudioJob.newBuilder().setJobId(id)
                        .setSubmittedAtMs(Instant.now()).setAudio(new InlineAudio(ByteBuffer.wrap(tone)))
                        .setByteSize(tone.length).setAttributes(Map.of()).build()));
            }

            List<TranscriptResult> answered = results.readUntil(r -> r.stream().map(TranscriptResult::getJobId)
                    .filter(next::contains).count() == 2, WorkerHarness.seconds(90));
            assertEquals(0, EndToEndIT.waitForCommits(h), "every record committed past");
            answered.addAll(results.poll(Duration.ofMillis(500))); // a duplicate would arrive by now
            List<TranscriptResult> letters = deadLetters.readUntil(r -> !r.isEmpty(), WorkerHarness.seconds(30));
            letters.addAll(deadLetters.poll(Duration.ofMillis(500)));

            List<TranscriptResult> hugeResults = answered.stream().filter(r -> r.getJobId().startsWith(prefix)).toList();
            assertEquals(1, hugeResults.size(), "exactly one result for the oversized record");
            TranscriptResult failed = hugeResults.get(0);
            assertEquals(JobStatus.FAILED, failed.getStatus());
            assertEquals("FIELD_TOO_LARGE", failed.getErrorCode(), failed.getErrorMessage());
            assertTrue(failed.getJobId().length() <= FieldBounds.JOB_ID, "the id is cut, not echoed");
            assertTrue(failed.getErrorMessage().length() < 300, failed.getErrorMessage());
            List<TranscriptResult> hugeLetters = letters.stream().filter(r -> r.getJobId().startsWith(prefix)).toList();
            assertEquals(1, hugeLetters.size(), "exactly one dead letter");
            assertEquals("FIELD_TOO_LARGE", hugeLetters.get(0).getErrorCode());
            for (String id : next) {
                TranscriptResult r = EndToEndIT.find(answered, id).orElseThrow();
                assertEquals(JobStatus.OK, r.getStatus(), id + ": " + r.getErrorMessage());
                System.out.printf("oversized-record IT: %s answered by %s%n", id, r.getWorkerId());
            }
            assertTrue(first.isRunning() && second.isRunning(), "both workers alive");
            System.out.printf("oversized-record IT: result %s, dead letter of %d bytes (original %s)%n",
                    failed.getErrorMessage(), AvroCodec.encode(hugeLetters.get(0)).length,
                    hugeLetters.get(0).getOriginalJob() == null ? "left out" : "carried");
        }
    }

    private static void waitForMembers(WorkerHarness h, int members) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                h.settings.bootstrapServers()))) {
            WorkerHarness.waitUntil(() -> {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(h.settings.groupId()))
                        .describedGroups().get(h.settings.groupId()).get();
                return d.groupState() == GroupState.STABLE && d.members().size() == members
                        && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            }, WorkerHarness.seconds(60));
        }
    }
}
