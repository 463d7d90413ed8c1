package io.asrhub.worker;

import io.asrhub.records.Lane;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** What a {@link JobSource} may ask of the pipeline: readiness, dropping moved work, and demand. */
final class SourceRequests implements JobSource.Pipeline {
    private final WorkerHealth health;
    private final Backlog backlog;
    private final Dispatcher dispatcher;
    private final FinishedJobs finished;
    private final WorkerMetrics metrics;
    private final BooleanSupplier aborting;

    SourceRequests(WorkerHealth health, Backlog backlog, Dispatcher dispatcher, FinishedJobs finished,
                   WorkerMetrics metrics, BooleanSupplier aborting) {
        this.health = health;
        this.backlog = backlog;
        this.dispatcher = dispatcher;
        this.finished = finished;
        this.metrics = metrics;
        this.aborting = aborting;
    }

    @Override
    public void assigned() {
        health.assigned();
    }

    @Override
    public void dropQueued(Collection<TopicPartition> partitions) {
        backlog.drop(partitions);
    }

    @Override
    public void handleFinished() {
        finished.handle();
    }

    @Override
    public boolean aborting() {
        return aborting.getAsBoolean();
    }

    /** Fetch more only when nothing of the lane waits here and a slot could take it now. */
    @Override
    public boolean wantsMore(Lane lane) {
        return lane == null ? backlog.pieces() == 0 && dispatcher.hasRoomForPieces()
                : backlog.size(lane) == 0 && dispatcher.hasRoom(lane);
    }

    @Override
    public Set<TopicPartition> partitionsWaiting(int limit) {
        return backlog.partitionsWaiting(limit);
    }

    @Override
    public void abandonedOnRevocation(Lane lane, int jobs) {
        metrics.abandoned(lane, jobs);
    }
}
