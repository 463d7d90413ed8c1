package io.asrhub.it;

import io.asrhub.client.ResultReader;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.ToneWav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * examples/python and examples/node, run as a user runs them, against the test broker with a
 * worker running: each submits a WAV file and must print the transcript the worker published.
 */
@ExtendWith(SharedKafka.class)
class OtherLanguageExamplesIT {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void pythonExampleGetsItsTranscript() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "no " + PYTHON);
        Run probe = run(List.of(PYTHON, "-c", "import avro, confluent_kafka"), EXAMPLES);
        assumeTrue(probe.exitCode == 0,
                "python3-avro / python3-confluent-kafka not installed (apt-get install python3-avro python3-confluent-kafka)");
        roundTrip("python-example", List.of(PYTHON, EXAMPLES.resolve("python/asr_hub_example.py").toString()),
                EXAMPLES.resolve("python"));
    }

    @Test
    void nodeExampleGetsItsTranscript() throws Exception {
        Path node = EXAMPLES.resolve("node");
        assumeTrue(Files.isDirectory(node.resolve("node_modules/kafkajs")) && Files.isDirectory(
                node.resolve("node_modules/avsc")), "kafkajs/avsc not installed: run `npm ci` in examples/node");
        assumeTrue(run(List.of("node", "--version"), node).exitCode == 0, "node is not installed");
        roundTrip("node-example", List.of("node", node.resolve("asr-hub-example.js").toString()), node);
    }

    private static void roundTrip(String name, List<String> command, Path dir) throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            h.startWorker(1, "worker-" + name);
            ResultReader results = h.results();
            Path wav = ToneWav.write(Path.of("target", name + ".wav"), 2);
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--bootstrap", h.settings.bootstrapServers(),
                    "--small", h.settings.topics().small(), "--medium", h.settings.topics().medium(),
                    "--large", h.settings.topics().large(), "--results", h.settings.topics().results(),
                    "--timeout", "90", wav.toAbsolutePath().toString()));
            Run example = run(args, dir);
            assertEquals(0, example.exitCode, example.output);
            assertTrue(example.output.contains("-> " + h.settings.topics().small()), example.output);
            assertTrue(example.output.contains("\"status\": \"OK\"") || example.output.contains("\"status\":\"OK\""),
                    example.output);

            // The worker decoded the job (no MALFORMED_RECORD dead letter) and published this result.
            List<TranscriptResult> published = results.readUntil(r -> !r.isEmpty(), WorkerHarness.seconds(30));
            assertEquals(1, published.size());
            assertEquals(JobStatus.OK, published.get(0).getStatus(), published.get(0).toString());
            assertEquals("worker-" + name, published.get(0).getWorkerId());
            assertTrue(example.output.contains(published.get(0).getJobId()), "the example printed its own job's result: "
                    + example.output);
        }
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
