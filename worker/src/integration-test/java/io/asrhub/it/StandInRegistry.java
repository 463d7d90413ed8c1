package io.asrhub.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Used only when no real registry can be started here (see {@link SharedSchemaRegistry}): the five
 * calls of the Confluent-compatible API that asr-hub and {@code @kafkajs/confluent-schema-registry}
 * make, over HTTP on loopback, with Confluent's answers and status codes (ids by schema content,
 * 404 with error code 40403 for an unknown id, 40401 for an unknown subject). It checks no
 * compatibility rule.
 */
final class StandInRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, Integer> idByCanonical = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemaById = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> subjects = new TreeMap<>();
    private final Map<String, String> compatibility = new ConcurrentHashMap<>();

    StandInRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        String[] path = x.getRequestURI().getPath().replaceFirst("^/apis/ccompat/v7", "").split("/");
        String method = x.getRequestMethod();
        try {
            if (path.length == 4 && path[1].equals("schemas") && path[2].equals("ids")) {
                String schema = schemaById.get(Integer.parseInt(path[3]));
                reply(x, schema == null ? 404 : 200, schema == null ? error(40403, "Schema not found")
                        : Map.of("schema", schema));
            } else if (path.length == 4 && path[1].equals("subjects") && path[3].equals("versions")
                    && method.equals("POST")) {
                JsonNode body = JSON.readTree(x.getRequestBody());
                Schema parsed = new Schema.Parser().parse(body.get("schema").asText());
                String canonical = parsed.toString();
                int id = idByCanonical.computeIfAbsent(canonical, c -> {
                    int next = schemaById.size() + 1;
                    schemaById.put(next, c);
                    return next;
                });
                synchronized (subjects) {
                    List<Integer> versions = subjects.computeIfAbsent(path[2], s -> new ArrayList<>());
                    if (!versions.contains(id)) {
                        versions.add(id);
                    }
                }
                reply(x, 200, Map.of("id", id));
            } else if (path.length == 2 && path[1].equals("subjects")) {
                synchronized (subjects) {
                    reply(x, 200, List.copyOf(subjects.keySet()));
                }
            } else if (path.length == 3 && path[1].equals("config") && method.equals("PUT")) {
                String level = JSON.readTree(x.getRequestBody()).get("compatibility").asText();
                compatibility.put(path[2], level);
                reply(x, 200, Map.of("compatibility", level));
            } else if (path.length == 3 && path[1].equals("config")) {
                String level = compatibility.get(path[2]);
                reply(x, level == null ? 404 : 200, level == null ? error(40401, "Subject not found")
                        : Map.of("compatibilityLevel", level));
            } else {
                reply(x, 404, error(404, "not served by the stand-in"));
            }
        } catch (RuntimeException e) {
            reply(x, 422, error(42201, "Invalid schema"));
        }
    }

    private static Map<String, Object> error(int code, String message) {
        return Map.of("error_code", code, "message", message);
    }

    private static void reply(HttpExchange x, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
