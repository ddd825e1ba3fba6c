package dev.surrogate.cli;

import dev.surrogate.datasets.io.AtomicFiles;
import dev.surrogate.operators.training.EpochRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots with XChart (headless): predictions against the truth with their error, and training curves. Tick
 * labels of an axis all have the same number of decimals.
 */
final class Plots {
    private static final Color TRUTH = new Color(0, 0, 0);
    private static final Color PREDICTION = new Color(214, 39, 40);
    private static final Color INPUT_DARK = new Color(90, 90, 90);
    private static final Color ERROR = new Color(31, 119, 180);

    private Plots() {
    }

    /**
     * One 1-D sample to draw: the input, the true target and the prediction on grid {@code x}.
     *
     * @param title      what the sample is, e.g. {@code "held-out sample 16: rel. L2 0.0041"}
     * @param x          grid {@code [nx]}
     * @param input      u(0) {@code [nx]}
     * @param truth      u(T) from the solver {@code [nx]}
     * @param prediction the model's u(T) {@code [nx]}
     * @param time       T, the time of the target
     * @param nu         the sample's viscosity
     */
    record Sample(String title, double[] x, float[] input, float[] truth, float[] prediction, double time,
            double nu) {
    }

    /**
     * Draws each sample as a column of three panels, two samples side by side: the input u(0), the target u(T)
     * with the prediction, and the error prediction - truth, each panel with its own axis; titles state T and nu.
     *
     * @param png     output file (written atomically)
     * @param samples samples to draw
     * @throws IOException if the file cannot be written
     */
    static void predictions(Path png, List<Sample> samples) throws IOException {
        List<Chart<?, ?>> rows = new ArrayList<>();
        List<XYChart> input = new ArrayList<>();
        List<XYChart> target = new ArrayList<>();
        List<XYChart> error = new ArrayList<>();
        for (Sample s : samples) {
            XYChart in = chart(s.title(), "input u(0)");
            line(in, "input u(0)", s.x(), s.input(), INPUT_DARK, 1.5f, false);
            input.add(in);
            XYChart out = chart(String.format(Locale.ROOT, "u(T = %s), nu = %s", number(s.time()), number(s.nu())),
                    "u(T)");
            line(out, "truth", s.x(), s.truth(), TRUTH, 2.0f, false);
            line(out, "prediction", s.x(), s.prediction(), PREDICTION, 1.5f, true);
            out.getStyler().setLegendVisible(true).setLegendPosition(Styler.LegendPosition.InsideNE);
            target.add(out);
            float[] diff = new float[s.truth().length];
            double maxAbs = 0;
            for (int i = 0; i < diff.length; i++) {
                diff[i] = s.prediction()[i] - s.truth()[i];
                maxAbs = Math.max(maxAbs, Math.abs(diff[i]));
            }
            XYChart err = chart(String.format(Locale.ROOT, "error at T = %s (max |e| %.2g)", number(s.time()),
                    maxAbs), "prediction - truth");
            line(err, "error", s.x(), diff, ERROR, 1.5f, false);
            error.add(err);
        }
        // two samples side by side, each a column of input, target and error, wide enough for the x labels
        int cols = Math.min(2, samples.size());
        for (int first = 0; first < samples.size(); first += cols) {
            for (List<XYChart> row : List.of(input, target, error)) {
                for (int i = first; i < first + cols; i++) {
                    rows.add(i < row.size() ? row.get(i) : chart("", ""));
                }
            }
        }
        for (Chart<?, ?> c : rows) {
            consistentTickLabels((XYChart) c);
        }
        save(png, rows, rows.size() / cols, cols);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(560).height(260).title(title).xAxisTitle("x").yAxisTitle(yTitle)
                .build();
        c.getStyler().setMarkerSize(0).setLegendVisible(false).setChartBackgroundColor(Color.WHITE)
                .setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(13f));
        return c;
    }

    /** @return the value in at most 4 significant digits, without trailing zeros: 1, 0.1, 2.5e-05 */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toString()
                .replace("E", "e");
    }

    /**
     * Gives every tick label of an axis the same format (XChart's default drops the leading zero of positive
     * fractions, writes ".01" beside "-0.005", and varies the decimals from tick to tick): fixed-point with two
     * decimals beyond the order of magnitude of the axis' data range (enough for ticks at steps of 1, 2, 2.5 or 5
     * times a power of ten), or scientific with two decimals when that would need more than six decimals or the
     * axis is logarithmic over more than a decade.
     */
    static void consistentTickLabels(XYChart c) {
        double[] x = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] y = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (XYSeries s : c.getSeriesMap().values()) {
            extend(x, s.getXData());
            extend(y, s.getYData());
        }
        boolean integers = true;
        for (XYSeries s : c.getSeriesMap().values()) {
            for (double v : s.getXData()) {
                integers &= v == Math.rint(v);
            }
        }
        // integer data (epochs) that XChart ticks at data values: no decimals
        String xf = integers ? "%.0f" : format(x[0], x[1], false);
        String yf = format(y[0], y[1], c.getStyler().isYAxisLogarithmic());
        c.getStyler().setxAxisTickLabelsFormattingFunction(v -> String.format(Locale.ROOT, xf, v));
        c.getStyler().setyAxisTickLabelsFormattingFunction(v -> String.format(Locale.ROOT, yf, v));
    }

    private static void extend(double[] range, double[] values) {
        for (double v : values) {
            if (Double.isFinite(v)) {
                range[0] = Math.min(range[0], v);
                range[1] = Math.max(range[1], v);
            }
        }
    }

    /**
     * @param lo          smallest value on the axis
     * @param hi          largest value on the axis
     * @param logarithmic whether the axis is logarithmic
     * @return a {@link String#format} pattern for all of its tick labels
     */
    static String format(double lo, double hi, boolean logarithmic) {
        if (!(hi >= lo)) {
            return "%.2f";
        }
        if (logarithmic) {
            if (!(lo > 0) || hi / lo > 10) {
                return "%.2e";
            }
            return decimalsFor(lo);
        }
        double span = hi - lo;
        return decimalsFor(span > 0 ? span : Math.max(Math.abs(hi), 1e-300));
    }

    /** @return fixed-point with two decimals beyond the magnitude of {@code scale}, or scientific past six */
    private static String decimalsFor(double scale) {
        int d = Math.max(0, 2 - (int) Math.floor(Math.log10(scale)));
        return d <= 6 ? "%." + d + "f" : "%.2e";
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
        consistentTickLabels(c);
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
        } catch (IOException e) {
            throw new IOException("cannot write " + png + ": " + AtomicFiles.withoutTemp(e.getMessage(), tmp, png), e);
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
    }
}
