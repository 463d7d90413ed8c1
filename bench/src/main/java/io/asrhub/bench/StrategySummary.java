package io.asrhub.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One strategy's figures over the alternating rounds: each figure is computed per round (ratios against
 * that round's common solo baseline, raw ceiling and FIFO-lane worker) and reported as the median with
 * the spread (min–max) over the rounds. Values below zero mean "not measured" and are left out.
 */
record StrategySummary(StrategyKind kind, List<StrategyMetrics> rounds, Map<Integer, Long> commonSoloByRound,
                       Map<Integer, Long> fifoLongMaxByRound) {

    /** Median and spread of one figure; {@code count} 0 when no round measured it. */
    record Spread(double median, double min, double max, int count) {
        static Spread of(List<Double> values) {
            double[] v = values.stream().filter(x -> x >= 0 && !Double.isNaN(x)).mapToDouble(Double::doubleValue)
                    .sorted().toArray();
            if (v.length == 0) {
                return new Spread(-1, -1, -1, 0);
            }
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            return new Spread(median, v[0], v[v.length - 1], v.length);
        }

        boolean measured() {
            return count > 0;
        }

        /** Largest distance of another run's median from this one, relative to this one. */
        double differenceFrom(Spread other) {
            return !measured() || !other.measured() || median == 0 ? -1
                    : Math.abs(other.median - median) / Math.abs(median);
        }
    }

    Spread of(ToDoubleFunction<StrategyMetrics> figure) {
        List<Double> values = new ArrayList<>();
        for (StrategyMetrics m : rounds) {
            values.add(figure.applyAsDouble(m));
        }
        return Spread.of(values);
    }

    Spread shortP50() {
        return of(m -> m.shortLatency().at(50));
    }

    Spread shortP95() {
        return of(m -> m.shortLatency().at(95));
    }

    /** Short-clip p95 ÷ the raw engine's solo time in the same round (one code path for every strategy). */
    Spread p95OverCommonSolo() {
        return of(m -> m.p95Over(commonSoloByRound.getOrDefault(m.run().round(), -1L)));
    }

    /** Short-clip p95 ÷ this strategy's own solo time in the same round. */
    Spread p95OverOwnSolo() {
        return of(StrategyMetrics::p95OverSolo);
    }

    Spread ownSolo() {
        return of(m -> m.soloShortMs());
    }

    /** The long files' worst completion (arrival to result) under the mixed load. */
    Spread longMax() {
        return of(m -> m.longLatency().max());
    }

    /** The long files' worst completion ÷ the FIFO-lane worker's in the same round. */
    Spread longMaxOverFifo() {
        return of(m -> {
            long fifo = fifoLongMaxByRound.getOrDefault(m.run().round(), -1L);
            return fifo > 0 && !m.longLatency().isEmpty() ? m.longLatency().max() / (double) fifo : -1;
        });
    }

    Spread burstShortP95() {
        return of(m -> m.burstShortLatency().at(95));
    }

    Spread throughput() {
        return of(StrategyMetrics::throughput);
    }

    Spread fractionOfRaw() {
        return of(StrategyMetrics::fractionOfRaw);
    }

    Spread slotUse() {
        return of(StrategyMetrics::slotUse);
    }

    Spread burstSlotUse() {
        return of(StrategyMetrics::burstSlotUse);
    }

    Spread peakRssKb() {
        return of(m -> m.peakRssKb());
    }

    Spread startupMs() {
        return of(m -> m.startupMs());
    }

    /** The round whose short p95 is the median one: the chart shows its distribution. */
    StrategyMetrics representative() {
        List<StrategyMetrics> sorted = new ArrayList<>(rounds);
        sorted.sort((a, b) -> Long.compare(a.shortLatency().at(95), b.shortLatency().at(95)));
        return sorted.get(sorted.size() / 2);
    }

    /** Every round's outcome, distinct ones joined ("fine", or what went wrong and in which round). */
    String verdict() {
        List<String> out = new ArrayList<>();
        for (StrategyMetrics m : rounds) {
            String v = m.verdict();
            if (!v.equals("fine")) {
                out.add("round " + m.run().round() + ": " + v);
            }
        }
        return out.isEmpty() ? "fine" : String.join("; ", out);
    }

    static double median(double... values) {
        return Spread.of(Arrays.stream(values).boxed().toList()).median();
    }
}
