package io.asrhub.it;

import io.asrhub.config.PoolOptions;
import io.asrhub.config.ProviderConfig;
import io.asrhub.metrics.MetricsServer;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.TinyWhisperModel;
import io.asrhub.testsupport.ToneWav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool of {@code min: 1, max: 2} on the real native engine (generated tiny model) and a real
 * broker: a burst that needs both slots makes it grow, and {@code /metrics} shows the grown
 * instance warmed before it served (warm-ups 1 → 2) and the utilisation figure moving.
 */
@ExtendWith(SharedKafka.class)
class PoolGrowthIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aBurstGrowsThePoolWithAWarmedInstanceAndMovesUtilisation() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of());
             MetricsServer server = new MetricsServer().start(port)) {
            ProviderConfig config = new ProviderConfig("whisper", PoolOptions.builder().minSize(1).maxSize(2)
                    .warmUp(true).build(), 1, TinyWhisperModel.shared(), Map.of());
            h.startWorker(config, "worker-growth", server.registry());
            String before = scrape(port);
            assertEquals(1, value(before, "asr_pool_instances\\{pool=\"whisper\"}"), before);
            assertEquals(1, value(before, "asr_pool_warmups_total\\{outcome=\"ok\",pool=\"whisper\"}"));
            assertEquals(0, value(before, "asr_pool_utilization\\{pool=\"whisper\",window=\"1m\"}"));

            Path clip = ToneWav.write(Path.of("target", "speech", "tone-3s.wav"), 3);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(h.submitter.submit(clip, null).jobId());
            }
            List<TranscriptResult> got = h.results().readUntil(r -> r.stream().map(TranscriptResult::getJobId)
                    .filter(ids::contains).distinct().count() == ids.size(), WorkerHarness.seconds(180));
            assertTrue(got.stream().filter(r -> ids.contains(r.getJobId()))
                    .allMatch(r -> r.getStatus() == JobStatus.OK), "every burst job succeeded");

            String after = scrape(port);
            System.out.printf("after the burst: instances %.0f, warm-ups ok %.0f, utilisation 1m %.3f, creations %.0f%n",
                    value(after, "asr_pool_instances\\{pool=\"whisper\"}"),
                    value(after, "asr_pool_warmups_total\\{outcome=\"ok\",pool=\"whisper\"}"),
                    value(after, "asr_pool_utilization\\{pool=\"whisper\",window=\"1m\"}"),
                    value(after, "asr_pool_instance_creations_total\\{pool=\"whisper\"}"));
            assertEquals(2, value(after, "asr_pool_instances\\{pool=\"whisper\"}"), "the burst grew the pool to max");
            assertEquals(2, value(after, "asr_pool_warmups_total\\{outcome=\"ok\",pool=\"whisper\"}"),
                    "the grown instance was warmed before it served");
            assertEquals(0, value(after, "asr_pool_warmups_total\\{outcome=\"failed\",pool=\"whisper\"}"));
            assertTrue(value(after, "asr_pool_utilization\\{pool=\"whisper\",window=\"1m\"}") > 0,
                    "the time-weighted utilisation rose with the burst");
        }
    }

    private String scrape(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    /** The value of the first sample line matching {@code series} (a regex of name and labels). */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no sample " + series + " in /metrics");
        }
        return Double.parseDouble(m.group(1));
    }
}
