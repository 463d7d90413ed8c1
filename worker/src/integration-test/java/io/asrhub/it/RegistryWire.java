package io.asrhub.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * A registry client as a Kafka team writes one against the Confluent-compatible API, independent of
 * asr-hub's own ({@code records.registry}): register a schema under a subject, write
 * {@code 00} + id + Avro body, read a record by fetching its writer schema by id.
 */
final class RegistryWire {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String api;
    private final HttpClient http = HttpClient.newHttpClient();

    RegistryWire(String ccompatRoot) {
        this.api = ccompatRoot;
    }

    int register(String subject, Schema schema) throws Exception {
        JsonNode answer = call(HttpRequest.newBuilder(URI.create(api + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("schema", schema.toString())))));
        return answer.get("id").asInt();
    }

    Schema schema(int id) throws Exception {
        return new Schema.Parser().parse(call(HttpRequest.newBuilder(URI.create(api + "/schemas/ids/" + id)).GET())
                .get("schema").asText());
    }

    /** The subjects the registry holds. */
    JsonNode subjects() throws Exception {
        return call(HttpRequest.newBuilder(URI.create(api + "/subjects")).GET());
    }

    static byte[] encode(int id, SpecificRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Decodes a registry-framed value into {@code reader}'s class, resolving the writer schema by id. */
    <T> T decode(byte[] value, Schema reader) throws Exception {
        if (value.length < 5 || value[0] != 0) {
            throw new IllegalArgumentException("not in the registry wire format: first byte " + (value.length == 0
                    ? "none" : String.format("%02x", value[0])));
        }
        Schema writer = schema(ByteBuffer.wrap(value, 1, 4).getInt());
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
        return new SpecificDatumReader<T>(writer, reader).read(null, in);
    }

    private JsonNode call(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(request.build().uri() + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
