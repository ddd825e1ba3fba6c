package dev.surrogate.cli;

import dev.surrogate.datasets.io.AtomicFiles;
import dev.surrogate.operators.training.EpochRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots with XChart (headless): predictions against the truth, and training curves. */
final class Plots {
    private static final Color TRUTH = new Color(0, 0, 0);
    private static final Color PREDICTION = new Color(214, 39, 40);
    private static final Color INPUT = new Color(150, 150, 150);

    private Plots() {
    }

    /** One 1-D sample to draw: the input, the true target and the prediction on grid {@code x}. */
    record Sample(String title, double[] x, float[] input, float[] truth, float[] prediction) {
    }

    /**
     * Draws one panel per sample in a grid of two columns.
     *
     * @param png     output file (written atomically)
     * @param samples samples to draw
     * @throws IOException if the file cannot be written
     */
    static void predictions(Path png, List<Sample> samples) throws IOException {
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (Sample s : samples) {
            XYChart c = new XYChartBuilder().width(560).height(380).title(s.title()).xAxisTitle("x")
                    .yAxisTitle("u(T)").build();
            c.getStyler().setMarkerSize(0).setLegendVisible(true).setChartBackgroundColor(Color.WHITE)
                    .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
            line(c, "truth u(T)", s.x(), s.truth(), TRUTH, 2.0f, false);
            line(c, "prediction", s.x(), s.prediction(), PREDICTION, 1.5f, true);
            // the input is usually much larger than the decayed output: give it its own (right) axis
            XYSeries in = line(c, "input u(0), right axis", s.x(), s.input(), INPUT, 1.0f, true);
            in.setYAxisGroup(1);
            c.setYAxisGroupTitle(1, "u(0)");
            c.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
            charts.add(c);
        }
        int cols = Math.min(2, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        save(png, charts, rows, cols);
    }

    /**
     * Training and validation loss per epoch on a logarithmic axis.
     *
     * @param png     output file
     * @param history training history
     * @param loss    loss name for the axis title
     * @throws IOException if the file cannot be written
     */
    static void trainingCurve(Path png, List<EpochRecord> history, String loss) throws IOException {
        XYChart c = new XYChartBuilder().width(720).height(440).title("training").xAxisTitle("epoch")
                .yAxisTitle(loss).build();
        c.getStyler().setYAxisLogarithmic(true).setMarkerSize(0).setChartBackgroundColor(Color.WHITE);
        double[] e = new double[history.size()];
        double[] tr = new double[history.size()];
        List<Double> ve = new ArrayList<>();
        List<Double> vl = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            EpochRecord r = history.get(i);
            e[i] = r.epoch();
            tr[i] = r.trainLoss();
            if (!Double.isNaN(r.validationLoss())) {
                ve.add((double) r.epoch());
                vl.add(r.validationLoss());
            }
        }
        XYSeries s = c.addSeries("train", e, tr);
        s.setLineColor(new Color(31, 119, 180));
        s.setMarker(SeriesMarkers.NONE);
        if (!ve.isEmpty()) {
            XYSeries v = c.addSeries("held-out", ve, vl);
            v.setLineColor(PREDICTION);
            v.setMarker(SeriesMarkers.NONE);
        }
        save(png, List.of(c), 1, 1);
    }

    private static XYSeries line(XYChart c, String name, double[] x, float[] y, Color color, float width,
            boolean dashed) {
        double[] yy = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            yy[i] = y[i];
        }
        XYSeries s = c.addSeries(name, x, yy);
        s.setLineColor(color);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {6f, 4f}, 0f) : new BasicStroke(width));
        return s;
    }

    private static void save(Path png, List<Chart<?, ?>> charts, int rows, int cols) throws IOException {
        // XChart appends the extension itself; write next to the target and move into place atomically
        Path tmp = AtomicFiles.createTemp(png, ".png");
        String base = tmp.toString().substring(0, tmp.toString().length() - 4);
        try {
            if (charts.size() == 1) {
                BitmapEncoder.saveBitmap(charts.get(0), base, BitmapEncoder.BitmapFormat.PNG);
            } else {
                BitmapEncoder.saveBitmap(charts, rows, cols, base, BitmapEncoder.BitmapFormat.PNG);
            }
            AtomicFiles.moveIntoPlace(tmp, png);
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
    }
}
