package dev.surrogate.cli;

import dev.surrogate.datasets.io.AtomicFiles;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.metrics.RolloutListener;
import dev.surrogate.operators.metrics.SpectrumError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots of an ensemble forecast: for one held-out input the truth, the ensemble mean, two members and the pointwise
 * standard deviation (1-D: line plots at the first, middle and last forecast snapshot; 2-D: maps of the last one),
 * and the energy spectra of truth and members.
 */
final class EnsemblePlots {
    private static final Color TRUTH = Color.BLACK;
    private static final Color MEAN = new Color(214, 39, 40);
    private static final Color MEMBER = new Color(31, 119, 180);
    private static final Color STD = new Color(44, 160, 44);

    private EnsemblePlots() {
    }

    /** Keeps every member's forecast of one trajectory. */
    static final class Capture implements RolloutListener {
        private final int sample;
        private final int members;
        private final List<float[]> values = new ArrayList<>();
        private int steps;

        /**
         * @param sample  sample index (in the evaluated data) of the trajectory to keep
         * @param members members per input
         */
        Capture(int sample, int members) {
            this.sample = sample;
            this.members = members;
        }

        @Override
        public void rollout(int sample, float[] prediction, int offset, int steps) {
            if (sample != this.sample || values.size() >= members) {
                return;
            }
            this.steps = steps;
            // the forecast of this trajectory is [steps, fields, points] from offset (later trajectories of the
            // batch follow and are kept too); the caller may reuse the array, so copy it
            values.add(java.util.Arrays.copyOfRange(prediction, offset, prediction.length));
        }
    }

    /**
     * @param dir      output directory (created)
     * @param capture  the kept members
     * @param data     the evaluated data (truth)
     * @param task     the model's task
     * @param spectrum the members' and the truth's spectra
     * @throws IOException if a file cannot be written
     */
    static void write(Path dir, Capture capture, FieldSource data, Task task, SpectrumError spectrum)
            throws IOException {
        if (capture.values.size() < 2) {
            throw new IllegalStateException("ensemble plots need at least 2 members of the first input, got "
                    + capture.values.size());
        }
        Files.createDirectories(dir);
        int steps = capture.steps;
        int fields = data.fieldCount();
        int points = data.points();
        int snap = fields * points;
        int k = capture.values.size();
        int[] targets = task.targetTimes(data.timeCount(), 0);
        int[] show = steps >= 3 ? new int[] {0, steps / 2, steps - 1} : steps == 2 ? new int[] {0, 1} : new int[] {0};
        double[] times = data.times();
        List<Chart<?, ?>> charts = new ArrayList<>();
        int[] shape = data.spatialShape();
        for (int s : shape.length == 1 ? show : new int[] {show[show.length - 1]}) {
            int time = task.autoregressive() || s >= targets.length ? task.window() + s : targets[s];
            for (int f = 0; f < fields; f++) {
                float[] truth = new float[points];
                data.read(capture.sample, time, f, truth, 0);
                float[] mean = new float[points];
                float[] std = new float[points];
                for (int i = 0; i < points; i++) {
                    double sum = 0;
                    double sq = 0;
                    for (float[] m : capture.values) {
                        double v = m[s * snap + f * points + i];
                        sum += v;
                        sq += v * v;
                    }
                    double mu = sum / k;
                    mean[i] = (float) mu;
                    std[i] = (float) Math.sqrt(Math.max(0, (sq - k * mu * mu) / (k - 1)));
                }
                float[] m0 = java.util.Arrays.copyOfRange(capture.values.get(0), s * snap + f * points,
                        s * snap + (f + 1) * points);
                float[] m1 = java.util.Arrays.copyOfRange(capture.values.get(1), s * snap + f * points,
                        s * snap + (f + 1) * points);
                String title = String.format(Locale.ROOT, "%s at t = %.4g (input %d, %d members)",
                        data.fieldNames().get(f), times[time], capture.sample, k);
                if (shape.length == 1) {
                    charts.add(lines(title, data.domainLengths()[0], truth, mean, m0, m1, std));
                } else {
                    charts.add(map("truth: " + title, shape, truth));
                    charts.add(map("ensemble mean", shape, mean));
                    charts.add(map("member 0", shape, m0));
                    charts.add(map("member 1", shape, m1));
                    charts.add(map("pointwise standard deviation", shape, std));
                }
            }
        }
        int cols = Math.min(shape.length == 1 ? 1 : 3, charts.size());
        save(dir.resolve("ensemble.png"), charts, (charts.size() + cols - 1) / cols, cols);
        save(dir.resolve("spectrum.png"), List.of(spectrumChart(spectrum, k)), 1, 1);
    }

    private static XYChart lines(String title, double length, float[] truth, float[] mean, float[] m0, float[] m1,
            float[] std) {
        int n = truth.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * length / n;
        }
        XYChart c = new XYChartBuilder().width(760).height(360).title(title).xAxisTitle("x").yAxisTitle("u").build();
        c.getStyler().setMarkerSize(0).setChartBackgroundColor(Color.WHITE)
                .setLegendPosition(Styler.LegendPosition.OutsideE);
        series(c, "truth", x, truth, TRUTH, 2.2f, false);
        series(c, "ensemble mean", x, mean, MEAN, 1.6f, false);
        series(c, "member 0", x, m0, MEMBER, 1.0f, true);
        series(c, "member 1", x, m1, MEMBER.brighter(), 1.0f, true);
        XYSeries sd = series(c, "std (right axis)", x, std, STD, 1.2f, false);
        sd.setYAxisGroup(1);
        c.setYAxisGroupTitle(1, "pointwise std");
        c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        return c;
    }

    private static HeatMapChart map(String title, int[] shape, float[] v) {
        int ny = shape[0];
        int nx = shape[1];
        List<Integer> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int i = 0; i < nx; i++) {
            xs.add(i);
        }
        for (int j = 0; j < ny; j++) {
            ys.add(j);
        }
        List<Number[]> z = new ArrayList<>();
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                z.add(new Number[] {i, j, v[j * nx + i]});
            }
        }
        HeatMapChart c = new HeatMapChartBuilder().width(420).height(380).title(title).build();
        c.getStyler().setShowValue(false);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.addSeries(title, xs, ys, z);
        return c;
    }

    private static XYChart spectrumChart(SpectrumError spectrum, int members) {
        double[] p = spectrum.predictedSpectrum();
        double[] t = spectrum.trueSpectrum();
        double total = 0;
        for (double v : t) {
            total += v;
        }
        List<Double> k = new ArrayList<>();
        List<Double> pt = new ArrayList<>();
        List<Double> tt = new ArrayList<>();
        for (int i = 1; i < t.length; i++) {
            // a log axis: leave out bins without energy (the mean mode is shown by neither)
            if (t[i] > 0 && p[i] > 0) {
                k.add((double) i);
                pt.add(p[i] / total);
                tt.add(t[i] / total);
            }
        }
        XYChart c = new XYChartBuilder().width(720).height(440).title("energy spectrum (members pooled, "
                + members + " per input)").xAxisTitle("wavenumber k").yAxisTitle("E(k) / total").build();
        c.getStyler().setYAxisLogarithmic(true).setXAxisLogarithmic(true).setChartBackgroundColor(Color.WHITE);
        XYSeries a = c.addSeries("truth", k, tt);
        a.setLineColor(TRUTH);
        a.setMarker(SeriesMarkers.NONE);
        XYSeries b = c.addSeries("members", k, pt);
        b.setLineColor(MEAN);
        b.setMarker(SeriesMarkers.NONE);
        return c;
    }

    private static XYSeries series(XYChart c, String name, double[] x, float[] y, Color color, float width,
            boolean dashed) {
        double[] yy = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            yy[i] = y[i];
        }
        XYSeries s = c.addSeries(name, x, yy);
        s.setLineColor(color);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {5f, 4f}, 0f) : new BasicStroke(width));
        return s;
    }

    private static void save(Path png, List<? extends Chart<?, ?>> charts, int rows, int cols) {
        Path tmp = null;
        try {
            tmp = AtomicFiles.createTemp(png, ".png");
            String base = tmp.toString().substring(0, tmp.toString().length() - 4);
            if (charts.size() == 1) {
                BitmapEncoder.saveBitmap(charts.get(0), base, BitmapEncoder.BitmapFormat.PNG);
            } else {
                BitmapEncoder.saveBitmap(new ArrayList<>(charts), rows, cols, base, BitmapEncoder.BitmapFormat.PNG);
            }
            AtomicFiles.moveIntoPlace(tmp, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                AtomicFiles.deleteQuietly(tmp);
            }
        }
    }
}
