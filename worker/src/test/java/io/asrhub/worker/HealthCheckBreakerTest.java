package io.asrhub.worker;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.PoolOptions;
import io.asrhub.config.Settings;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.testsupport.Await;
import io.asrhub.testsupport.FakeProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A health check that fails on an idle instance counts toward its provider's circuit breaker. */
class HealthCheckBreakerTest {
    @Test
    void aHungIdleInstanceOpensTheBreakerWithoutAnyJob() throws Exception {
        FakeProvider provider = new FakeProvider("whisper");
        CountDownLatch hang = new CountDownLatch(1);
        provider.healthCheckGate = hang;
        RecognizerPool pool = RecognizerPool.start("whisper", provider, PoolOptions.builder().minSize(1).maxSize(2)
                .healthCheckInterval(Duration.ofMillis(30)).healthCheckTimeout(Duration.ofMillis(100)).build(),
                new SimpleMeterRegistry());
        try (RecognitionPools pools = RecognitionPools.single(
                new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT), pool));
             Dispatcher dispatcher = new Dispatcher(pools, WorkerSettings.read(Settings.of(Map.of(
                     "worker.breaker-failures", "2", "worker.breaker-open-ms", "60000"))), null)) {
            ProviderHealth health = dispatcher.health("whisper");
            assertEquals(ProviderHealth.State.CLOSED, health.state());
            Await.until("two failed checks open the breaker", () -> health.state() == ProviderHealth.State.OPEN,
                    Duration.ofSeconds(5));
            assertEquals(1, health.openedTotal());
        } finally {
            hang.countDown();
        }
    }
}
