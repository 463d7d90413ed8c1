package io.asrhub.it;

import io.asrhub.client.ResultReader;
import io.asrhub.records.AvroCodec;
import io.asrhub.records.Lane;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.ToneWav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 15, item 6 on a real broker: lanes are verified by the worker, not taken on trust. A 40 s
 * WAV published straight to the small lane (as a producer that picks the wrong lane would) is not
 * recognised there: it is forwarded to the medium lane, counted, and answered once from there.
 */
@ExtendWith(SharedKafka.class)
class LaneVerificationIT {
    @Test
    void aFortySecondWavOnTheSmallLaneRunsOnTheMediumLane() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            h.startWorker(2, "worker-lanes-verified");
            ResultReader results = h.results();
            byte[] wav = Files.readAllBytes(ToneWav.write(Path.of("target", "speech", "tone-40s.wav"), 40));
            String id = "wrong-lane-" + UUID.randomUUID();
            h.sendTo(h.settings.topics().lane(Lane.SMALL), 0, id, AvroCodec.encode(AudioJob.newBuilder().setJobId(id)
                    .setSubmittedAtMs(Instant.now()).setAudio(new InlineAudio(ByteBuffer.wrap(wav)))
                    .setByteSize(wav.length).setAttributes(Map.of()).build()));

            List<TranscriptResult> got = results.readUntil(r -> EndToEndIT.find(r, id).isPresent(),
                    WorkerHarness.seconds(120));
            assertEquals(0, EndToEndIT.waitForCommits(h), "the small-lane record and the forward both committed");
            got.addAll(results.poll(Duration.ofMillis(500)));
            List<TranscriptResult> mine = got.stream().filter(r -> r.getJobId().equals(id)).toList();
            assertEquals(1, mine.size(), "answered once");
            TranscriptResult r = mine.get(0);
            assertEquals(JobStatus.OK, r.getStatus(), r.getErrorMessage());
            assertEquals("medium", r.getLane(), "recognised on the lane its duration selects");
            assertEquals(h.settings.topics().lane(Lane.MEDIUM), r.getSourceTopic());
            assertEquals(1.0, h.registry.get("asr.lane.forwarded").tags("from", "small", "to", "medium")
                    .counter().count(), "counted");
            System.out.printf("lane verification IT: 40 s WAV on the small lane answered from %s (%d ms of audio)%n",
                    r.getSourceTopic(), r.getAudioDurationMs());
        }
    }
}
