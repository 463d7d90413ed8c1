package io.asrhub.publish;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;

/**
 * What finishing one input record produces: the records to publish (a result, plus a dead letter
 * for failures). {@link #ABANDONED} means the job was cut short (shutdown, revoke past its grace)
 * and must stay uncommitted so it is done again.
 */
public record JobOutcome(List<ProducerRecord<String, byte[]>> records, boolean succeeded) {
    public static final JobOutcome ABANDONED = new JobOutcome(List.of(), false);

    public boolean abandoned() {
        return this == ABANDONED;
    }
}
