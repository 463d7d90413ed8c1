package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.publish.JobOutcome;
import io.asrhub.recognition.RecognitionPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens after a transient failure: the provider's health records it (backoff, breaker);
 * the job is queued again after its own backoff; and only when the job has failed
 * {@code worker.max-attempts} times while its provider otherwise worked is it given up and
 * dead-lettered. An outage therefore never drains the lanes into the dead-letter topic.
 */
final class RetryDecision {
    private static final Logger LOG = LoggerFactory.getLogger(RetryDecision.class);

    private final WorkerSettings settings;
    private final WorkerMetrics metrics;
    private final JobProcessor processor;
    private final RecognitionPools pools;

    RetryDecision(WorkerSettings settings, WorkerMetrics metrics, JobProcessor processor, RecognitionPools pools) {
        this.settings = settings;
        this.metrics = metrics;
        this.processor = processor;
        this.pools = pools;
    }

    /** Returns the dead-letter outcome when the job is given up, or null when it was scheduled again. */
    JobOutcome decide(PendingJob p, String pool, ProviderHealth health, AsrException error, long now) {
        boolean jobsFault = health.failed(now, p.lastFailureNanos);
        p.tries++;
        if (jobsFault) {
            p.attempts++;
        }
        p.lastFailureNanos = now;
        metrics.retried(p.lane, pool, error.code().name(), 1);
        if (p.attempts >= settings.maxAttempts()) {
            AsrException final_ = new AsrException(error.code(), error.getMessage() + " (failed " + p.attempts
                    + " times while provider '" + pool + "' otherwise worked; giving up)");
            return processor.failure(p, final_, pool, pools.get(pool).pool().provider().modelName());
        }
        long first = Math.max(1, settings.retryBackoff().toNanos());
        long delay = Math.min(settings.retryBackoffMax().toNanos(), first << Math.min(20, p.tries - 1));
        p.notBeforeNanos = now + delay;
        LOG.info("job {} on '{}' failed transiently (try {}, counted {}/{}), retrying in {} ms: {}",
                p.job.getJobId(), pool, p.tries, p.attempts, settings.maxAttempts(), delay / 1_000_000,
                error.getMessage());
        return null;
    }
}
