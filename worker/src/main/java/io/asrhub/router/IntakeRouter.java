package io.asrhub.router;

import io.asrhub.records.AvroCodec;
import io.asrhub.records.Topics;
import io.asrhub.records.Lane;
import io.asrhub.records.LaneRouter;

import io.asrhub.errors.AsrException;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import java.nio.ByteBuffer;

/**
 * Kafka Streams topology for producers that do not pick a lane themselves: jobs published to the
 * intake topic are forwarded unchanged to the lane their duration (else size) selects; records that
 * are not AudioJobs go to the dead-letter topic with MALFORMED_RECORD instead of stopping the app.
 */
public final class IntakeRouter {
    private IntakeRouter() {
    }

    public static Topology topology(String intakeTopic, Topics topics, LaneRouter router) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(intakeTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .mapValues((key, value) -> route(key, value, topics, router, intakeTopic))
                .to((key, routed, context) -> routed.topic(), Produced.with(Serdes.String(), Routed.SERDE));
        return builder.build();
    }

    static Routed route(String key, byte[] value, Topics topics, LaneRouter router, String intakeTopic) {
        try {
            AudioJob job = AvroCodec.decodeJob(value);
            Lane lane = router.route(job.getDurationMs(), job.getByteSize());
            return new Routed(topics.lane(lane), value);
        } catch (AsrException e) {
            TranscriptResult letter = TranscriptResult.newBuilder()
                    .setJobId(key != null ? key : "unknown")
                    .setStatus(JobStatus.FAILED)
                    .setWorkerId("intake-router")
                    .setErrorCode(e.code().name())
                    .setErrorMessage(e.getMessage())
                    .setOriginalJob(value == null ? null : ByteBuffer.wrap(value))
                    .setSourceTopic(intakeTopic)
                    .build();
            return new Routed(topics.deadLetters(), AvroCodec.encode(letter));
        }
    }

    /** A value together with the topic it must go to. */
    record Routed(String topic, byte[] value) {
        static final Serde<Routed> SERDE = Serdes.serdeFrom(
                (topic, routed) -> routed == null ? null : routed.value(),
                (topic, bytes) -> new Routed(topic, bytes));
    }
}
