package io.asrhub.it;

import io.asrhub.config.AudioLimits;
import io.asrhub.records.AvroCodec;
import io.asrhub.records.Lane;
import io.asrhub.client.ResultReader;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioReference;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Poison records go to the dead-letter topic with a reason, and never block the good job behind them. */
@ExtendWith(SharedKafka.class)
class DeadLetterIT {
    @Test
    void badRecordsAreDeadLetteredAndTheGoodJobBehindThemSucceeds() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(),
                Map.of("worker.reference-roots", Path.of("target", "speech").toAbsolutePath().toString()))) {
            h.startWorker(1, "worker-dlq", new AudioLimits(2_000_000, 600_000));
            ResultReader deadLetters = h.deadLetters();
            ResultReader results = h.results();
            Map<String, String> expected = new LinkedHashMap<>();
            byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
            h.submitter.sendRaw(Lane.SMALL, "garbage", garbage);
            expected.put("garbage", "MALFORMED_RECORD");
            expected.put(send(h, "text", inline("hello".getBytes())), "NOT_AUDIO");
            expected.put(send(h, "empty", inline(new byte[0])), "EMPTY_INPUT");
            expected.put(send(h, "http", new AudioReference("http://169.254.169.254/latest/meta-data")), "BAD_REFERENCE");
            expected.put(send(h, "passwd", new AudioReference("file:///etc/passwd")), "BAD_REFERENCE");
            Path traversal = Path.of("target", "speech").toAbsolutePath().resolve("../../pom.xml");
            expected.put(send(h, "traversal", new AudioReference(traversal.toUri().toString())), "BAD_REFERENCE");
            expected.put(send(h, "big", inline(new byte[2_100_000])), "TOO_LARGE");
            Path good = Speech.wav("short", Speech.SHORT);
            String goodId = send(h, "good", new AudioReference(good.toAbsolutePath().toUri().toString()));

            List<TranscriptResult> dlq = deadLetters.readUntil(r -> r.size() >= expected.size(),
                    WorkerHarness.seconds(60));
            assertEquals(expected.size(), dlq.size());
            for (TranscriptResult r : dlq) {
                assertEquals(JobStatus.FAILED, r.getStatus());
                assertEquals(expected.get(r.getJobId()), r.getErrorCode(), r.getJobId() + ": " + r.getErrorMessage());
                assertNotNull(r.getErrorMessage());
                assertEquals("worker-dlq", r.getWorkerId());
                assertNotNull(r.getOriginalJob(), "dead letter keeps the original record");
            }
            TranscriptResult garbageLetter = dlq.stream().filter(r -> r.getJobId().equals("garbage")).findFirst()
                    .orElseThrow();
            assertArrayEquals(garbage, bytes(garbageLetter.getOriginalJob()));
            List<TranscriptResult> all = results.readUntil(r -> r.stream().anyMatch(x -> x.getJobId().equals(goodId)),
                    WorkerHarness.seconds(60));
            TranscriptResult ok = EndToEndIT.find(all, goodId).orElseThrow();
            assertEquals(JobStatus.OK, ok.getStatus(), String.valueOf(ok.getErrorMessage()));
            assertTrue(all.stream().filter(r -> r.getStatus() == JobStatus.FAILED).count() >= 1,
                    "failures are also announced on the results topic for waiting clients");
            assertEquals(0, EndToEndIT.waitForCommits(h), "poison records were committed past");
        }
    }

    private static InlineAudio inline(byte[] data) {
        return new InlineAudio(ByteBuffer.wrap(data));
    }

    private static String send(WorkerHarness h, String id, Object audio) throws Exception {
        AudioJob job = AudioJob.newBuilder().setJobId(id).setSubmittedAtMs(Instant.now()).setAudio(audio)
                .setByteSize(0).setAttributes(Map.of()).build();
        h.submitter.sendRaw(Lane.SMALL, id, AvroCodec.encode(job));
        return id;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

}
