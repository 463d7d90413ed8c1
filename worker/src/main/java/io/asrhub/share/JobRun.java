package io.asrhub.share;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;

/**
 * One delivery's outcome: records to publish first (result, dead letter), then the verdict to
 * acknowledge once the producer has confirmed them.
 */
public record JobRun(List<ProducerRecord<String, byte[]>> publish, Verdict verdict) {
    public static final JobRun RELEASED = new JobRun(List.of(), Verdict.RELEASE);
}
