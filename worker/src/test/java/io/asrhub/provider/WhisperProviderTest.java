package io.asrhub.provider;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.ProviderConfig;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.pool.Lease;
import io.asrhub.config.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.recognition.Transcription;
import io.asrhub.testsupport.Speech;
import io.asrhub.testsupport.TinyWhisperModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives the real whisper.cpp native library through whisper-jni with a generated tiny model:
 * loading, shared-model pooling, concurrency, interruption and invalid models. Asserts behaviour,
 * not words (the tiny model's words are meaningless).
 */
class WhisperProviderTest {
    @TempDir
    Path dir;

    static ProviderConfig config(Path model, int poolSize) {
        return new ProviderConfig("whisper", PoolOptions.builder().minSize(poolSize).maxSize(poolSize)
                .acquireTimeout(Duration.ofSeconds(30)).build(), 1, model, Map.of());
    }

    private static DecodedAudio tone(double seconds) {
        float[] s = new float[(int) (16_000 * seconds)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.3 * Math.sin(2 * Math.PI * 300 * i / 16_000.0));
        }
        return new DecodedAudio(s, 16_000, "tone");
    }

    @Test
    void poolOfTwoStatesSharesOneModelAndRunsConcurrently() throws Exception {
        Provider provider = new ProviderRegistry().open(config(TinyWhisperModel.shared(), 2));
        try (RecognizerPool pool = RecognizerPool.start("whisper", provider, config(null, 2).pool(),
                new SimpleMeterRegistry())) {
            assertEquals(2, pool.size());
            RecognitionService service = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT), pool);
            CompletableFuture<Transcription> a = CompletableFuture.supplyAsync(() -> run(service, tone(3)));
            CompletableFuture<Transcription> b = CompletableFuture.supplyAsync(() -> run(service, tone(3)));
            Transcription first = a.get();
            Transcription second = b.get();
            assertFalse(first.transcript().text().isBlank(), "the native decoder produced text");
            assertEquals(first.transcript().text(), second.transcript().text(), "same model, same input, same text");
            assertEquals("en", first.transcript().language(), "english-only model reports en");
            assertTrue(first.model().startsWith("asrhub-tiny-whisper"), first.model());
            for (Segment s : first.transcript().segments()) {
                assertTrue(s.startMs() >= 0 && s.startMs() <= s.endMs() && s.endMs() <= 3000, s.toString());
            }
        }
    }

    @Test
    void clipsShorterThanOneSecondAreRecognisedNotConfusedWithThePreviousClip() throws Exception {
        Provider provider = new ProviderRegistry().open(config(TinyWhisperModel.shared(), 1));
        try (RecognizerPool pool = RecognizerPool.start("whisper", provider, config(null, 1).pool(),
                new SimpleMeterRegistry()); Lease lease = pool.acquire()) {
            Transcript t = lease.recognizer().transcribe(RecognitionRequest.of("short", tone(0.3)));
            for (Segment s : t.segments()) {
                assertTrue(s.endMs() <= 300, "segment inside the 0.3 s clip: " + s);
            }
        }
    }

    @Test
    void transcribesRealSpeechFileEndToEnd() throws Exception {
        Path wav = Speech.wav("short", Speech.SHORT);
        Provider provider = new ProviderRegistry().open(config(TinyWhisperModel.shared(), 1));
        try (RecognizerPool pool = RecognizerPool.start("whisper", provider, config(null, 1).pool(),
                new SimpleMeterRegistry())) {
            Transcription t = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT), pool)
                    .transcribeFile(wav, null);
            assertTrue(t.audioDurationMs() > 3000 && t.audioDurationMs() < 8000, "duration " + t.audioDurationMs());
            assertTrue(t.processingMs() > 0);
            assertTrue(t.sourceFormat().startsWith("WAV 16-bit PCM 22050 Hz"), t.sourceFormat());
        }
    }

    @Test
    void waitingCallerCanBeInterruptedWithoutLeakingTheSlot() throws Exception {
        Provider provider = new ProviderRegistry().open(config(TinyWhisperModel.shared(), 1));
        try (RecognizerPool pool = RecognizerPool.start("whisper", provider, config(null, 1).pool(),
                new SimpleMeterRegistry())) {
            AtomicReference<AsrException> failure = new AtomicReference<>();
            Thread waiter;
            try (Lease held = pool.acquire()) {
                waiter = new Thread(() -> {
                    try (Lease l = pool.acquire(Duration.ofSeconds(30))) {
                        l.recognizer();
                    } catch (AsrException e) {
                        failure.set(e);
                    }
                });
                waiter.start();
                io.asrhub.testsupport.Await.until("a caller waiting", () -> pool.waiting() > 0, Duration.ofSeconds(30));
                waiter.interrupt();
                waiter.join(5000);
            }
            assertEquals(ErrorCode.INTERRUPTED, failure.get().code());
            try (Lease again = pool.acquire(Duration.ofMillis(500))) {
                assertTrue(again.recognizer().transcribe(RecognitionRequest.of("after", tone(1))) != null);
            }
        }
    }

    @Test
    void missingModelSaysHowToGetOne() {
        AsrException e = assertThrows(AsrException.class,
                () -> new ProviderRegistry().open(config(dir.resolve("ggml-none.bin"), 1)));
        assertEquals(ErrorCode.MODEL_MISSING, e.code());
        assertTrue(e.getMessage().contains("asr-hub models pull tiny.en"), e.getMessage());
    }

    @Test
    void damagedModelsAreRejectedBeforeNativeCodeSeesThem() throws Exception {
        byte[] good = Files.readAllBytes(TinyWhisperModel.shared());
        // Cuts inside the header, filters, vocabulary and tensors; whisper.cpp itself would abort the
        // JVM on several of these (it accepts a file without tensors as an empty test model).
        for (int cut : new int[]{8, 20, 44, 52, 1000, 400_000, good.length / 2, good.length - 1}) {
            Path damaged = dir.resolve("cut-" + cut + ".bin");
            Files.write(damaged, Arrays.copyOf(good, cut));
            AsrException e = assertThrows(AsrException.class, () -> new ProviderRegistry().open(config(damaged, 1)),
                    "cut at " + cut);
            assertEquals(ErrorCode.MODEL_INVALID, e.code(), "cut at " + cut + ": " + e.getMessage());
        }
        Path text = dir.resolve("model.bin");
        Files.writeString(text, "this is not a model");
        assertEquals(ErrorCode.MODEL_INVALID,
                assertThrows(AsrException.class, () -> new ProviderRegistry().open(config(text, 1))).code());
    }

    private static Transcription run(RecognitionService service, DecodedAudio audio) {
        try {
            return service.recognise("tone", audio, null);
        } catch (AsrException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The design document's auto-sizing with whisper: the pool grows from min to max while decodes
     * run on other slots, and shrinks back when idle. Creating or freeing a state waits only for the
     * decodes already running, so neither step waits for a moment when no decode runs at all.
     */
    @Test
    void aWhisperPoolGrowsUnderLoadAndShrinksWhenIdle() throws Exception {
        PoolOptions options = PoolOptions.builder().minSize(1).maxSize(2).warmUp(false)
                .idleTimeout(Duration.ofMillis(1000)).healthCheckInterval(Duration.ofMillis(50)).build();
        Provider provider = new ProviderRegistry().open(config(TinyWhisperModel.shared(), 1));
        try (RecognizerPool pool = RecognizerPool.start("whisper", provider, options, new SimpleMeterRegistry())) {
            assertEquals(1, pool.size());
            java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.List<java.util.concurrent.Future<Transcript>> runs = new java.util.ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < 2; i++) {
                        runs.add(callers.submit(() -> {
                            try (Lease lease = pool.acquire()) {
                                return lease.recognizer().transcribe(RecognitionRequest.of("grow", tone(3)));
                            }
                        }));
                    }
                }
                for (var run : runs) {
                    run.get(120, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdownNow();
            }
            assertEquals(2, pool.size(), "grew to max under load");
            io.asrhub.testsupport.Await.until("shrunk to min", () -> pool.size() == 1, Duration.ofSeconds(20));
            assertEquals(1, pool.size(), "shrank back to min when idle");
            try (Lease lease = pool.acquire()) {
                assertTrue(lease.recognizer().transcribe(RecognitionRequest.of("after", tone(1))) != null);
            }
        }
    }
}
