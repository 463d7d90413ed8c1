package io.asrhub.publish;

import io.asrhub.records.AvroCodec;
import io.asrhub.records.FieldBounds;
import io.asrhub.schema.TranscriptResult;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.Optional;

/**
 * The last line of defence for a record the broker or producer refused as too large (or
 * otherwise unacceptable): it is cut down, key and value, and sent once more; a record that
 * cannot be cut, or fails again, is dropped with an error in the log. Either way its input record
 * is finished: one oversized record must fail itself, never the worker (issue 15, where a 6 MB job
 * id made a dead letter over the limit and stopped every worker of the group).
 *
 * <p>Results and dead letters ({@link TranscriptResult}) lose the carried original record, their
 * job id and error message are cut to the bounds of docs/schemas.md, and a transcript text over
 * {@link #MAX_TEXT} characters is cut with its segments left out (the message says so). Other
 * records (pieces, progress) only have their key cut.
 */
public final class OversizedRecords {
    static final int MAX_TEXT = 64 * 1024;
    private static final int MAX_MESSAGE = 2_000;

    private OversizedRecords() {
    }

    /** The smaller record to send instead of {@code r}, or empty when nothing in it can be cut. */
    public static Optional<ProducerRecord<String, byte[]>> cutDown(ProducerRecord<String, byte[]> r) {
        String key = FieldBounds.cut(r.key(), FieldBounds.JOB_ID);
        byte[] value = r.value();
        TranscriptResult result = asResult(value);
        if (result != null) {
            value = AvroCodec.encode(cutDown(result));
        }
        boolean smaller = !java.util.Objects.equals(key, r.key())
                || (value != null && r.value() != null && value.length < r.value().length);
        return smaller ? Optional.of(new ProducerRecord<>(r.topic(), r.partition(), r.timestamp(), key, value,
                r.headers())) : Optional.empty();
    }

    static TranscriptResult cutDown(TranscriptResult result) {
        TranscriptResult.Builder b = TranscriptResult.newBuilder(result)
                .setJobId(FieldBounds.cut(result.getJobId(), FieldBounds.JOB_ID))
                .setOriginalJob(null)
                .setErrorMessage(FieldBounds.cut(result.getErrorMessage(), MAX_MESSAGE));
        String text = result.getText();
        if (text != null && text.length() > MAX_TEXT) {
            b.setText(FieldBounds.cut(text, MAX_TEXT)).setSegments(List.of())
                    .setErrorMessage("text cut to " + MAX_TEXT + " of " + text.length()
                            + " characters and segments left out: the result was over the topic's message limit");
        }
        return b.build();
    }

    private static TranscriptResult asResult(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return AvroCodec.decodeResult(value);
        } catch (Exception e) {
            return null; // not a result (a piece, a progress record): only its key can be cut
        }
    }
}
