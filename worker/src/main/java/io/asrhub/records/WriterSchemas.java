package io.asrhub.records;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writer schemas a consumer can read, found by the fingerprint in a single-object header.
 * Each schema is registered under every fingerprint that real Avro libraries compute for it:
 * Java writes a primitive with a logical type as {@code "long"} in the Parsing Canonical Form,
 * while Python's avro keeps it as {@code {"type":"long"}}, so the same schema has two
 * fingerprints depending on the producer's language. Both decode identically.
 */
final class WriterSchemas implements SchemaStore {
    private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();

    void add(Schema schema) {
        for (long fingerprint : fingerprints(schema)) {
            byFingerprint.put(fingerprint, schema);
        }
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** The Java (spec) fingerprint first, then the one Python's avro computes. */
    static List<Long> fingerprints(Schema schema) {
        return List.of(SchemaNormalization.parsingFingerprint64(schema), fingerprint(pythonCanonicalForm(schema)));
    }

    static long fingerprint(String canonicalForm) {
        return SchemaNormalization.fingerprint64(canonicalForm.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The Parsing Canonical Form as Python's avro writes it: identical to the specification's
     * except that a primitive carrying a logical type stays an object {@code {"type":"long"}}.
     */
    static String pythonCanonicalForm(Schema schema) {
        StringBuilder out = new StringBuilder();
        write(schema, out, new java.util.HashSet<>());
        return out.toString();
    }

    private static void write(Schema s, StringBuilder out, java.util.Set<String> defined) {
        switch (s.getType()) {
            case UNION -> {
                out.append('[');
                for (int i = 0; i < s.getTypes().size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(s.getTypes().get(i), out, defined);
                }
                out.append(']');
            }
            case ARRAY -> {
                out.append("{\"type\":\"array\",\"items\":");
                write(s.getElementType(), out, defined);
                out.append('}');
            }
            case MAP -> {
                out.append("{\"type\":\"map\",\"values\":");
                write(s.getValueType(), out, defined);
                out.append('}');
            }
            case RECORD, ENUM, FIXED -> writeNamed(s, out, defined);
            default -> {
                String name = quote(s.getType().getName());
                out.append(s.getLogicalType() != null ? "{\"type\":" + name + "}" : name);
            }
        }
    }

    private static void writeNamed(Schema s, StringBuilder out, java.util.Set<String> defined) {
        String name = quote(s.getFullName());
        if (!defined.add(s.getFullName())) {
            out.append(name); // later uses of a named type are its name only
            return;
        }
        out.append("{\"name\":").append(name).append(",\"type\":").append(quote(s.getType().getName()));
        switch (s.getType()) {
            case ENUM -> out.append(",\"symbols\":[").append(String.join(",",
                    s.getEnumSymbols().stream().map(WriterSchemas::quote).toList())).append(']');
            case FIXED -> out.append(",\"size\":").append(s.getFixedSize());
            default -> {
                out.append(",\"fields\":[");
                for (int i = 0; i < s.getFields().size(); i++) {
                    Schema.Field f = s.getFields().get(i);
                    out.append(i == 0 ? "" : ",").append("{\"name\":").append(quote(f.name())).append(",\"type\":");
                    write(f.schema(), out, defined);
                    out.append('}');
                }
                out.append(']');
            }
        }
        out.append('}');
    }

    /** Names and symbols are [A-Za-z0-9_.] by the Avro spec, so no escaping is needed. */
    private static String quote(String text) {
        return '"' + text + '"';
    }
}
