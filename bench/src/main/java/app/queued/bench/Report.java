package app.queued.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The HTML report of a run: the numbers, a latency-over-time chart and a CDF chart (JFreeChart, PNG inline). */
final class Report {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 420;

    private Report() {
    }

    /** One step of a {@code --max} search, listed in its report. */
    record Step(double rate, RunResult result, boolean passed) {
    }

    static void write(Path file, RunResult result, String command, String serverInfo, List<Step> steps)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder html = new StringBuilder();
        String title = "Queued benchmark: " + result.spec.scenario();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1000px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;")
                .append("text-align:right}th{background:#f3f3f3;text-align:left}td:first-child{text-align:left}")
                .append("pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:12px}.bad{color:#b00;font-weight:bold}")
                .append("</style></head><body>\n");
        html.append("<h1>").append(esc(title)).append("</h1>\n");
        html.append("<p>Command: <code>").append(esc(command)).append("</code><br>Server: ").append(esc(serverInfo))
                .append("<br>Generated ").append(java.time.ZonedDateTime.now().withNano(0)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores (load generator and server on the same machine).</p>\n");
        html.append("<p>Latency is measured from the moment a vote was <em>due</em> on the open-loop schedule to the ")
                .append("moment the <em>last</em> of the room's clients applied its event (its seq, named by the ack) ")
                .append("to its own room state; the ack latency ends at the voter's ack.</p>\n");
        html.append(verdict(result));
        html.append("<h2>Result</h2>\n").append(table(result.json()));
        html.append("<h2>Latency over time</h2>\n").append(img(overTime(result)));
        html.append("<h2>Latency distribution (CDF)</h2>\n").append(img(cdf(result)));
        if (steps != null && !steps.isEmpty()) {
            html.append("<h2>Search for the highest sustained rate</h2>\n<table><tr><th>target rate</th>")
                    .append("<th>achieved</th><th>acked/sent</th><th>p50 ms</th><th>p99 ms</th><th>lost</th>")
                    .append("<th>passed</th></tr>\n");
            for (Step step : steps) {
                RunResult r = step.result();
                html.append("<tr><td>").append(fmt(step.rate())).append("</td><td>").append(fmt(r.achievedRate))
                        .append("</td><td>").append(r.votesAcked).append('/').append(r.votesSent).append("</td><td>")
                        .append(RunResult.ms(r.latency, 50)).append("</td><td>").append(r.p99Ms()).append("</td><td>")
                        .append(r.checked.lost()).append("</td><td>").append(step.passed() ? "yes" : "no")
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("<h2>Details</h2>\n").append(table(result.details()));
        html.append("<h2>Percentiles (HdrHistogram, ms)</h2>\n<h3>Vote to every screen</h3><pre>")
                .append(esc(distribution(result.latency))).append("</pre>\n<h3>Vote to the voter's ack</h3><pre>")
                .append(esc(distribution(result.ackLatency))).append("</pre>\n");
        html.append("</body></html>\n");
        Files.writeString(file, html.toString(), StandardCharsets.UTF_8);
    }

    private static String verdict(RunResult r) {
        if (!r.checked.checked()) {
            return "<p class=\"bad\">PostgreSQL was not checked (no database URL).</p>\n";
        }
        if (r.clean()) {
            return "<p>Every acknowledged vote is in PostgreSQL at its seq, none twice, and every screen shows the "
                    + "server's order.</p>\n";
        }
        return "<p class=\"bad\">Not clean: " + r.checked.lost() + " lost, " + r.checked.duplicated()
                + " duplicated, " + r.checked.divergentClients() + " divergent screens, " + r.votesAcked + " of "
                + r.votesSent + " votes acknowledged.</p>\n";
    }

    private static String table(Map<String, Object> values) {
        StringBuilder t = new StringBuilder("<table>\n");
        values.forEach((k, v) -> t.append("<tr><th>").append(esc(k)).append("</th><td>")
                .append(esc(String.valueOf(v))).append("</td></tr>\n"));
        return t.append("</table>\n").toString();
    }

    /** p50, p99 and max of the votes due in each time slice, on a log scale. */
    static JFreeChart overTime(RunResult r) {
        double duration = Math.max(r.spec.durationS(), 0.001);
        double bucket = duration <= 10 ? 0.25 : duration <= 60 ? 1 : duration / 60;
        int buckets = (int) Math.ceil(duration / bucket) + 1;
        Histogram[] slices = new Histogram[buckets];
        for (int i = 0; i < r.pointT.length; i++) {
            int b = (int) Math.min(buckets - 1, Math.max(0, r.pointT[i] / bucket));
            if (slices[b] == null) {
                slices[b] = new Histogram(600_000_000L, 2);
            }
            slices[b].recordValue(Math.max(1, Math.round(r.pointMs[i] * 1000)));
        }
        XYSeries p50 = new XYSeries("p50");
        XYSeries p99 = new XYSeries("p99");
        XYSeries max = new XYSeries("max");
        for (int b = 0; b < buckets; b++) {
            if (slices[b] == null) {
                continue;
            }
            double x = (b + 0.5) * bucket;
            p50.add(x, slices[b].getValueAtPercentile(50) / 1000.0);
            p99.add(x, slices[b].getValueAtPercentile(99) / 1000.0);
            max.add(x, slices[b].getMaxValue() / 1000.0);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(p50);
        data.addSeries(p99);
        data.addSeries(max);
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Vote to every screen, per " + fmt(bucket) + " s of the run (" + r.spec.scenario() + ", "
                        + fmt(r.spec.rate()) + " votes/s)",
                "seconds since the first measured vote was due", "latency (ms, log scale)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRangeAxis(logAxis("latency (ms, log scale)"));
        style(plot, new Color[] {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0xd62728)});
        return chart;
    }

    /** Cumulative share of votes against latency, for every screen and for the ack. */
    static JFreeChart cdf(RunResult r) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(cdfSeries("vote to every screen", r.latency));
        data.addSeries(cdfSeries("vote to the voter's ack", r.ackLatency));
        JFreeChart chart = ChartFactory.createXYLineChart("Latency CDF (" + r.spec.scenario() + ")",
                "latency (ms, log scale)", "share of votes (%)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(logAxis("latency (ms, log scale)"));
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setRange(0, 100.5);
        style(plot, new Color[] {new Color(0xd62728), new Color(0x2ca02c)});
        return chart;
    }

    private static XYSeries cdfSeries(String name, Histogram h) {
        XYSeries series = new XYSeries(name);
        long total = h.getTotalCount();
        if (total == 0) {
            return series;
        }
        long seen = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            seen += v.getCountAtValueIteratedTo();
            series.add(Math.max(0.001, h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0),
                    100.0 * seen / total);
        }
        return series;
    }

    private static LogarithmicAxis logAxis(String label) {
        LogarithmicAxis axis = new LogarithmicAxis(label);
        axis.setAllowNegativesFlag(false);
        axis.setStrictValuesFlag(false);
        axis.setExpTickLabelsFlag(false);
        axis.setLog10TickLabelsFlag(false);
        return axis;
    }

    private static void style(XYPlot plot, Color[] colors) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
            renderer.setSeriesStroke(i, new BasicStroke(1.6f));
        }
        plot.setRenderer(renderer);
    }

    static byte[] png(JFreeChart chart) throws IOException {
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String img(JFreeChart chart) throws IOException {
        return "<img alt=\"" + esc(chart.getTitle().getText()) + "\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png(chart)) + "\">\n";
    }

    private static String distribution(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "(no values)";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.outputPercentileDistribution(new PrintStream(out, true, StandardCharsets.UTF_8), 5, 1000.0);
        return out.toString(StandardCharsets.UTF_8);
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
