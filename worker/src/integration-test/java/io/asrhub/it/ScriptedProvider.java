package io.asrhub.it;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.Provider;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.provider.Recognizer;
import io.asrhub.provider.Segment;
import io.asrhub.provider.Transcript;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An engine whose behaviour is chosen by the job id (the request's source), in the style of
 * testsupport/FakeProvider: "flaky" fails transiently on its first call, "broken" fails
 * transiently on every call, "poison" fails permanently, "long" takes {@code longMillis};
 * everything else takes {@code workMillis}. Counts calls per job so tests can prove a job ran once.
 */
final class ScriptedProvider implements Provider {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final long workMillis;
    private final long longMillis;
    private final Consumer<String> onStart;

    ScriptedProvider(long workMillis, long longMillis, Consumer<String> onStart) {
        this.workMillis = workMillis;
        this.longMillis = longMillis;
        this.onStart = onStart;
    }

    ScriptedProvider(long workMillis) {
        this(workMillis, workMillis, id -> { });
    }

    int calls(String jobId) {
        AtomicInteger n = calls.get(jobId);
        return n == null ? 0 : n.get();
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public int sampleRate() {
        return 16_000;
    }

    @Override
    public String modelName() {
        return "scripted-model";
    }

    @Override
    public Recognizer newRecognizer() {
        return new Recognizer() {
            @Override
            public Transcript transcribe(RecognitionRequest request) throws AsrException {
                String id = request.source();
                int call = calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                onStart.accept(id);
                try {
                    // The scripted recognition time itself (what a real engine spends), not a wait for a condition.
                    Thread.sleep(id.contains("long") ? longMillis : workMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AsrException(ErrorCode.INTERRUPTED, "interrupted");
                }
                if (id.contains("broken") || (id.contains("flaky") && call == 1)) {
                    throw new AsrException(ErrorCode.PROVIDER_FAILED, "injected transient failure, call " + call);
                }
                if (id.contains("poison")) {
                    throw new AsrException(ErrorCode.CORRUPT_AUDIO, "injected permanent failure");
                }
                return new Transcript("ok " + id, List.of(new Segment(0, 10, "ok")), "en");
            }

            @Override
            public boolean isHealthy() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }
}
