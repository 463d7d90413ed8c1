package io.asrhub.worker;

import io.asrhub.publish.Completion;
import io.asrhub.publish.JobOutcome;
import io.asrhub.publish.ResultPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Drains the dispatcher's mailbox on the poll thread: results of the current assignment are
 * published, transient failures go to the {@link RetryDecision} (queued again, or given up with a
 * dead letter), abandoned runs stay uncommitted, and anything from an earlier assignment epoch is
 * dropped unpublished.
 */
final class FinishedJobs {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedJobs.class);

    private final Dispatcher dispatcher;
    private final JobSource source;
    private final Backlog backlog;
    private final ResultPublisher publisher;
    private final RetryDecision retries;

    FinishedJobs(Dispatcher dispatcher, JobSource source, Backlog backlog, ResultPublisher publisher,
                 RetryDecision retries) {
        this.dispatcher = dispatcher;
        this.source = source;
        this.backlog = backlog;
        this.publisher = publisher;
        this.retries = retries;
    }

    void handle() {
        List<Completion> batch = new ArrayList<>();
        Dispatcher.Done d;
        long now = System.nanoTime();
        while ((d = dispatcher.nextDone()) != null) {
            try (io.asrhub.logging.JobLog ignored = d.job().log(d.pool())) {
                handle(d, batch, now);
            }
        }
        if (!batch.isEmpty()) {
            publisher.publish(batch);
        }
        publisher.collectAcknowledgements();
    }

    private void handle(Dispatcher.Done d, List<Completion> batch, long now) {
        PendingJob p = d.job();
        if (p.timedOut) {
            LOG.info("{}@{}: run ended after the piece timeout; the piece was dispatched again, result dropped",
                    p.partition, p.offset());
            return;
        }
        if (!source.isCurrent(p.partition, p.epoch, p.offset())) {
            LOG.debug("ignoring {}@{}: finished after its partition was taken away", p.partition, p.offset());
            return;
        }
        if (d.result() instanceof JobResult.Finished f) {
            if (f.outcome().succeeded()) {
                dispatcher.health(d.pool()).succeeded(now);
            }
            batch.add(p.complete(f.outcome()));
        } else if (d.result() instanceof JobResult.Retry r) {
            JobOutcome gaveUp = retries.decide(p, d.pool(), dispatcher.health(d.pool()), r.error(), now);
            if (gaveUp != null) {
                batch.add(p.complete(gaveUp));
            } else {
                source.retrying(p.partition, p.epoch, p.offset());
                backlog.requeue(p);
            }
        } else {
            source.abandoned(p.partition, p.epoch, p.offset());
        }
    }
}
