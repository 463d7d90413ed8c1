package io.asrhub.kafka;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.pool.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.Provider;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.provider.Recognizer;
import io.asrhub.provider.Transcript;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.audio.WavWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retry and dead-letter rules of one job, without a broker. */
class JobProcessorTest {
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private RecognitionService service;

    private JobProcessor processor(int maxAttempts) throws Exception {
        return processor(maxAttempts, AudioLimits.DEFAULT);
    }

    private JobProcessor processor(int maxAttempts, AudioLimits limits) throws Exception {
        Provider provider = new Provider() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public String modelName() {
                return "m";
            }

            @Override
            public Recognizer newRecognizer() {
                return new Recognizer() {
                    @Override
                    public Transcript transcribe(RecognitionRequest request) throws AsrException {
                        calls.incrementAndGet();
                        if (failuresLeft.getAndDecrement() > 0) {
                            throw new AsrException(ErrorCode.PROVIDER_FAILED, "backend unavailable");
                        }
                        return new Transcript("hello", List.of(), "en");
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        service = new RecognitionService(new AudioDecoder(limits), RecognizerPool.start("flaky",
                provider, PoolOptions.builder().minSize(1).maxSize(1).warmUp(false).build(), new SimpleMeterRegistry()));
        WorkerSettings settings = WorkerSettings.read(Settings.of(Map.of("worker.max-attempts",
                String.valueOf(maxAttempts), "worker.retry-backoff-ms", "1", "worker.id", "w1")));
        return new JobProcessor(service, new JobAudioSource(List.of(), 1_000_000), settings,
                new WorkerMetrics(new SimpleMeterRegistry()));
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    private static ConsumerRecord<String, byte[]> record(byte[] audio) {
        AudioJob job = AudioJob.newBuilder().setJobId("job-1").setSubmittedAtMs(Instant.now())
                .setAudio(new InlineAudio(ByteBuffer.wrap(audio))).setByteSize(audio.length).setAttributes(Map.of())
                .build();
        return new ConsumerRecord<>("asr.jobs.small", 0, 42L, "job-1", AvroCodec.encode(job));
    }

    private static byte[] speechLikeWav() {
        return WavWriter.pcm16(new float[16_000], 16_000);
    }

    private static TranscriptResult decode(ProducerRecord<String, byte[]> r) throws Exception {
        return AvroCodec.decodeResult(r.value());
    }

    @Test
    void transientFailureIsRetriedThenSucceeds() throws Exception {
        failuresLeft.set(2);
        JobOutcome outcome = processor(3).process(record(speechLikeWav()), Lane.SMALL);
        assertTrue(outcome.succeeded());
        TranscriptResult r = decode(outcome.records().get(0));
        assertEquals(Topics.DEFAULT.results(), outcome.records().get(0).topic());
        assertEquals(JobStatus.OK, r.getStatus());
        assertEquals(3, r.getAttempts());
        assertEquals("w1", r.getWorkerId());
        assertEquals(42L, r.getSourceOffset());
    }

    @Test
    void persistentTransientFailureIsDeadLetteredAfterMaxAttempts() throws Exception {
        failuresLeft.set(100);
        JobOutcome outcome = processor(3).process(record(speechLikeWav()), Lane.SMALL);
        assertEquals(3, calls.get());
        ProducerRecord<String, byte[]> letter = outcome.records().get(0);
        assertEquals(Topics.DEFAULT.deadLetters(), letter.topic());
        TranscriptResult r = decode(letter);
        assertEquals("PROVIDER_FAILED", r.getErrorCode());
        assertEquals(3, r.getAttempts());
        assertEquals(Topics.DEFAULT.results(), outcome.records().get(1).topic(), "waiting clients learn of it too");
    }

    @Test
    void truncatedAudioIsDeadLetteredUnlessAcceptedAndThenFlagged() throws Exception {
        byte[] cut = WavWriter.pcm16(new float[8_000], 16_000); // 0.5 s present
        int data = new String(cut, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("data");
        ByteBuffer.wrap(cut, data + 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(16_000 * 2 * 5); // 5 s declared
        TranscriptResult refused = decode(processor(3).process(record(cut), Lane.SMALL).records().get(0));
        assertEquals("TRUNCATED_AUDIO", refused.getErrorCode());
        assertEquals(1, refused.getAttempts(), "permanent: not retried");
        service.close();

        JobOutcome accepted = processor(3, AudioLimits.DEFAULT.withAcceptTruncated(true)).process(record(cut), Lane.SMALL);
        assertTrue(accepted.succeeded());
        TranscriptResult r = decode(accepted.records().get(0));
        assertEquals(JobStatus.OK, r.getStatus());
        assertTrue(r.getTruncated(), "a partial transcript says so");
        assertEquals(500, r.getAudioDurationMs());
        service.close();
        TranscriptResult whole = decode(processor(3).process(record(speechLikeWav()), Lane.SMALL).records().get(0));
        assertEquals(false, whole.getTruncated());
    }

    @Test
    void badInputIsDeadLetteredAtOnceWithoutRetry() throws Exception {
        JobOutcome outcome = processor(3).process(record("not audio".getBytes()), Lane.SMALL);
        TranscriptResult r = decode(outcome.records().get(0));
        assertEquals("NOT_AUDIO", r.getErrorCode());
        assertEquals(1, r.getAttempts());
        assertEquals(0, calls.get(), "the recognizer was never bothered");
    }

    @Test
    void interruptedJobIsAbandonedNotDeadLettered() throws Exception {
        failuresLeft.set(100);
        JobProcessor p = processor(5);
        Thread.currentThread().interrupt();
        JobOutcome outcome = p.process(record(speechLikeWav()), Lane.SMALL);
        Thread.interrupted();
        assertTrue(outcome.abandoned(), "shutdown must leave the job uncommitted for another worker");
    }
}
