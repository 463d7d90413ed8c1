package io.asrhub.worker;

import io.asrhub.records.Lane;

import java.util.Collection;

/** Registers the worker's gauges (lanes, pools' breakers, health) and pre-registers its counters at zero. */
final class WorkerMeters {
    private final WorkerMetrics metrics;
    private final Dispatcher dispatcher;
    private final Backlog backlog;
    private final java.util.function.ToDoubleFunction<Lane> lag;
    private final WorkerHealth health;

    WorkerMeters(WorkerMetrics metrics, Dispatcher dispatcher, Backlog backlog,
                 java.util.function.ToDoubleFunction<Lane> lag, WorkerHealth health) {
        this.metrics = metrics;
        this.dispatcher = dispatcher;
        this.backlog = backlog;
        this.lag = lag;
        this.health = health;
    }

    /** {@code pieces}: the piece meters too, or null when splitting is off. */
    void register(Collection<String> pools, PieceMetrics pieces) {
        if (pieces != null) {
            registerPieces(pieces, pools);
        }
        metrics.preRegister(pools);
        for (Lane lane : Lane.values()) {
            String l = WorkerMetrics.tag(lane);
            metrics.gauge("asr.lane.in_flight", "jobs of this lane running now", () -> dispatcher.running(lane),
                    "lane", l);
            metrics.gauge("asr.lane.lag", "records behind the end of this lane, on the partitions this worker owns",
                    () -> lag.applyAsDouble(lane), "lane", l);
            for (String pool : pools) {
                metrics.gauge("asr.lane.backlog", "jobs fetched and waiting for a slot or a backoff",
                        () -> backlog.size(lane, pool), "lane", l, "pool", pool);
            }
        }
        for (String pool : pools) {
            ProviderHealth h = dispatcher.health(pool);
            metrics.gauge("asr.provider.breaker.state", "circuit breaker: 0 closed, 1 half-open, 2 open",
                    h::stateCode, "pool", pool);
            metrics.gauge("asr.provider.breaker.opened", "times the breaker opened", h::openedTotal, "pool", pool);
            metrics.gauge("asr.provider.breaker.closed", "times the breaker closed again after being open",
                    h::closedTotal, "pool", pool);
        }
        metrics.gauge("asr.worker.ready", "1 when the worker has its assignment, reaches its broker and takes work",
                () -> health.isReady() ? 1 : 0);
        metrics.gauge("asr.worker.live", "1 while the poll loop runs and has not failed (a broker outage does not "
                + "change it)", () -> health.isLive() ? 1 : 0);
        metrics.gauge("asr.worker.broker.reachable", "1 while the broker answers the worker's checks (every 3 s)",
                () -> health.brokerReachable() ? 1 : 0);
        metrics.gauge("asr.worker.broker.unreachable.seconds", "seconds since the broker last answered (0 while it "
                + "answers)", health::secondsSinceBrokerContact);
    }

    /** The piece meters of a worker that takes part in splitting long jobs. */
    void registerPieces(PieceMetrics pieces, Collection<String> pools) {
        pieces.preRegister(pools);
        metrics.gauge("asr.pieces.running", "pieces being recognised by this worker now", dispatcher::runningPieces);
        metrics.gauge("asr.pieces.waiting", "pieces fetched by this worker and waiting for a slot or a backoff",
                backlog::pieces);
    }
}
