package io.asrhub.it;

import io.asrhub.kafka.WorkerSettings;
import io.asrhub.testsupport.TinyWhisperModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The packaged `asr-hub worker` started as a real child process, configured through the environment. */
final class WorkerProcess {
    private WorkerProcess() {
    }

    static Process start(WorkerSettings s, String workerId, int slots, Map<String, String> extraEnv, Path log,
                         String... extraArgs) throws Exception {
        Path jar = Path.of("target", "asr-hub.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("run after `mvn package`: " + jar.toAbsolutePath());
        }
        ProcessBuilder pb = new ProcessBuilder(io.asrhub.testsupport.ChildJvm.java("-jar", jar.toString(), "worker",
                "--model", TinyWhisperModel.shared().toString(), "--pool", String.valueOf(slots)))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.command().addAll(java.util.List.of(extraArgs));
        Map<String, String> env = pb.environment();
        env.putAll(kafkaEnvironment(s));
        env.put("ASR_HUB_WORKER_ID", workerId);
        env.putAll(extraEnv);
        return pb.start();
    }

    /** The environment that points a worker process at {@code s}'s broker, group and topics. */
    static Map<String, String> kafkaEnvironment(io.asrhub.kafka.WorkerSettings s) {
        return Map.of("ASR_HUB_KAFKA_BOOTSTRAP_SERVERS", s.bootstrapServers(),
                "ASR_HUB_KAFKA_GROUP_ID", s.groupId(),
                "ASR_HUB_TOPICS_SMALL", s.topics().small(),
                "ASR_HUB_TOPICS_MEDIUM", s.topics().medium(),
                "ASR_HUB_TOPICS_LARGE", s.topics().large(),
                "ASR_HUB_TOPICS_RESULTS", s.topics().results(),
                "ASR_HUB_TOPICS_DEAD_LETTERS", s.topics().deadLetters());
    }
}
