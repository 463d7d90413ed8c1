package io.asrhub.bench;

import java.util.List;
import java.util.Locale;

/**
 * Short-job latency per strategy as an SVG chart on a logarithmic time axis: a bar from p50 to p95, a
 * whisker to p99, a tick at the maximum and a diamond at the strategy's solo time. A strategy whose process
 * crashed shows the jobs it finished before, labelled as crashed.
 */
final class LatencyChartSvg {
    private static final int LEFT = 250;
    private static final int WIDTH = 900;
    private static final int ROW = 34;
    private static final int TOP = 50;

    private LatencyChartSvg() {
    }

    static String render(List<StrategyMetrics> rows, String title) {
        List<StrategyMetrics> shown = rows.stream().filter(m -> !m.shortLatency().isEmpty()).toList();
        long min = shown.stream().mapToLong(m -> Math.min(m.shortLatency().at(1), Math.max(1, m.soloShortMs())))
                .min().orElse(100);
        long max = shown.stream().mapToLong(m -> m.shortLatency().max()).max().orElse(1000);
        double lo = Math.floor(Math.log10(Math.max(1, min)));
        double hi = Math.ceil(Math.log10(Math.max(max, 10)));
        if (hi <= lo) {
            hi = lo + 1;
        }
        int height = TOP + ROW * Math.max(1, shown.size()) + 75; // room for axis labels, axis title and legend
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"13\">%n", WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\">%s</text>%n", escape(title)));
        int plotRight = WIDTH - 30;
        int axisY = TOP + ROW * shown.size() + 5;
        for (double decade = lo; decade <= hi; decade++) {
            for (int k = 1; k <= 9 && decade + Math.log10(k) <= hi; k++) {
                double x = x(Math.pow(10, decade) * k, lo, hi, plotRight);
                String stroke = k == 1 ? "#999" : "#e4e4e4";
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                        x, TOP - 10, x, axisY, stroke));
                if (k == 1) {
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                            x, axisY + 18, label(Math.pow(10, decade))));
                }
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">short-job latency, "
                + "arrival to result (log scale)</text>%n", (LEFT + plotRight) / 2, axisY + 38));
        for (int i = 0; i < shown.size(); i++) {
            StrategyMetrics m = shown.get(i);
            Percentiles p = m.shortLatency();
            int cy = TOP + ROW * i + ROW / 2;
            double x50 = x(p.at(50), lo, hi, plotRight);
            double x95 = x(p.at(95), lo, hi, plotRight);
            double x99 = x(p.at(99), lo, hi, plotRight);
            double xMax = x(p.max(), lo, hi, plotRight);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 10, cy + 5, escape(m.run().kind().title() + (m.run().completed() ? "" : " (crashed)"))));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\"/>%n",
                    x95, cy, x99, cy));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"14\" "
                    + "fill=\"#4a7ebb\"/>%n", x50, cy - 7, Math.max(2, x95 - x50)));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c00\" "
                    + "stroke-width=\"2\"/>%n", xMax, cy - 8, xMax, cy + 8));
            if (m.soloShortMs() > 0) {
                double xs = x(m.soloShortMs(), lo, hi, plotRight);
                svg.append(String.format(Locale.ROOT, "<path d=\"M %.1f %d l 5 5 l -5 5 l -5 -5 z\" fill=\"#2a2\"/>%n",
                        xs, cy - 5));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-size=\"11\">bar: p50 to p95; line: to p99; "
                + "red tick: max; green diamond: the strategy's solo time for one short clip</text>%n", height - 6));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double x(double ms, double lo, double hi, int right) {
        double v = Math.log10(Math.max(ms, 1));
        return LEFT + (v - lo) / (hi - lo) * (right - LEFT);
    }

    private static String label(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.0f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
