package io.asrhub.records;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

import java.util.Map;

/**
 * The size every text field of an incoming record may have (docs/schemas.md, "Field sizes").
 * A record can hold a 6-million-character job id and still fit Kafka's limit; that id would then
 * be copied into the result key, the result, the dead letter's key and value, and push the dead
 * letter over the producer's limit. Checked right after decoding, so an over-long field fails
 * its record with {@code FIELD_TOO_LARGE} before anything copies it. The check walks the schema,
 * so a field added later is bounded too ({@link #OTHER_TEXT} unless named here).
 */
public final class FieldBounds {
    public static final int JOB_ID = 256;
    /** A tenant name: it keys an in-memory queue and, when opted in, a meter tag. */
    public static final int TENANT = 64;
    public static final int REFERENCE = 4_096;
    public static final int ATTRIBUTES = 64;
    public static final int ATTRIBUTE_KEY = 128;
    public static final int ATTRIBUTE_VALUE = 1_024;
    /** Any text field not named in {@link #TEXT}. */
    public static final int OTHER_TEXT = 1_024;

    /** Characters per text field, by path ({@code audio.uri} is the reference's URI). */
    private static final Map<String, Integer> TEXT = Map.of(
            "jobId", JOB_ID,
            "providerHint", 64,
            "languageHint", 32,
            "contentType", 128,
            "lane", 16,
            "tenant", TENANT,
            "audio.uri", REFERENCE);

    private FieldBounds() {
    }

    /** Throws {@code FIELD_TOO_LARGE} naming the first field over its bound, never its value. */
    public static void check(IndexedRecord record) throws AsrException {
        check(record, "");
    }

    private static void check(IndexedRecord record, String prefix) throws AsrException {
        for (Schema.Field f : record.getSchema().getFields()) {
            String path = prefix + f.name();
            Object value = record.get(f.pos());
            if (value instanceof CharSequence text) {
                within(path, text.length(), TEXT.getOrDefault(path, OTHER_TEXT), "characters");
            } else if (value instanceof Map<?, ?> map) {
                within(path, map.size(), ATTRIBUTES, "entries");
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    within(path + " key", String.valueOf(e.getKey()).length(), ATTRIBUTE_KEY, "characters");
                    within(path + " value", e.getValue() == null ? 0 : e.getValue().toString().length(),
                            ATTRIBUTE_VALUE, "characters");
                }
            } else if (value instanceof IndexedRecord nested) {
                check(nested, path + ".");
            }
        }
    }

    private static void within(String path, int size, int max, String unit) throws AsrException {
        if (size > max) {
            throw new AsrException(ErrorCode.FIELD_TOO_LARGE, "field " + path + " has " + size + " " + unit
                    + ", more than the " + max + " allowed (see docs/schemas.md)");
        }
    }

    /**
     * {@code text} cut to {@code max} characters, saying how long it was: for ids and messages
     * that must go into a record whatever their size.
     */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        String note = "...[" + text.length() + " chars]";
        return text.substring(0, Math.max(0, max - note.length())) + note;
    }
}
