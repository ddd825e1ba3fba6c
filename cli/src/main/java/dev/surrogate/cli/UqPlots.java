package dev.surrogate.cli;

import dev.surrogate.datasets.io.AtomicFiles;
import dev.surrogate.uq.compare.UqComparison;
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

/** The PNG plots of {@code uq compare} (XChart, headless): the reliability diagram and one test forecast's bands. */
final class UqPlots {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(214, 39, 40),
        new Color(44, 160, 44), new Color(148, 103, 189), new Color(255, 127, 14), new Color(140, 86, 75)};
    private static final BasicStroke SOLID = new BasicStroke(1.8f);
    private static final BasicStroke DASHED = new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {6f, 4f}, 0f);
    private static final BasicStroke DOTTED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {2f, 3f}, 0f);

    private UqPlots() {
    }

    /**
     * Nominal against observed coverage of the central intervals, every method before (solid) and after (dashed)
     * calibration, with the diagonal of perfect calibration.
     *
     * @param png  output file (written atomically)
     * @param rows the methods
     * @throws IOException if the file cannot be written
     */
    static void reliability(Path png, List<UqComparison.Row> rows) throws IOException {
        XYChart c = new XYChartBuilder().width(720).height(600).title("reliability (central intervals)")
                .xAxisTitle("nominal coverage").yAxisTitle("observed coverage on the test set").build();
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        c.getStyler().setChartBackgroundColor(Color.WHITE).setLegendPosition(Styler.LegendPosition.InsideSE);
        XYSeries diagonal = c.addSeries("calibrated", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setLineColor(Color.GRAY);
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineStyle(DOTTED);
        for (int i = 0; i < rows.size(); i++) {
            UqComparison.Row r = rows.get(i);
            Color color = PALETTE[i % PALETTE.length];
            XYSeries before = c.addSeries(r.name(), r.levels(), r.observed());
            before.setLineColor(color);
            before.setMarkerColor(color);
            before.setMarker(SeriesMarkers.CIRCLE);
            before.setLineStyle(SOLID);
            XYSeries after = c.addSeries(String.format(Locale.ROOT, "%s, conformal (x%.3g)", r.name(),
                    r.calibration().scale()), r.levels(), r.observedCalibrated());
            after.setLineColor(color);
            after.setMarkerColor(color);
            after.setMarker(SeriesMarkers.DIAMOND);
            after.setLineStyle(DASHED);
        }
        save(png, List.of(c), 1, 1);
    }

    /**
     * One held-out forecast per method, a row each: on the left the truth, the members' median and their central
     * 90 % band before (dashed) and after (dotted) calibration; on the right the same minus the truth, where a band
     * much narrower than the field is visible against the error.
     *
     * @param png  output file (written atomically)
     * @param rows the methods
     * @throws IOException if the file cannot be written
     */
    static void bands(Path png, List<UqComparison.Row> rows) throws IOException {
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            UqComparison.Row r = rows.get(i);
            UqComparison.Band b = r.band();
            Color color = PALETTE[i % PALETTE.length];
            String pct = String.format(Locale.ROOT, "%.0f %%", 100 * b.level());
            for (boolean deviation : new boolean[] {false, true}) {
                double[] ref = deviation ? b.truth() : new double[b.truth().length];
                XYChart c = new XYChartBuilder().width(620).height(420).title(String.format(Locale.ROOT,
                        "%s: test sample %d%s", r.name(), b.sample(), deviation ? ", minus the truth" : ""))
                        .xAxisTitle("x").yAxisTitle(deviation ? "u - truth" : "u").build();
                c.getStyler().setChartBackgroundColor(Color.WHITE).setMarkerSize(0)
                        .setLegendPosition(Styler.LegendPosition.OutsideS);
                line(c, "truth", b.x(), minus(b.truth(), ref), Color.BLACK, SOLID);
                line(c, "median", b.x(), minus(b.median(), ref), color, SOLID);
                line(c, pct + " band", b.x(), minus(b.lo(), ref), color, DASHED);
                line(c, pct + " band, upper end", b.x(), minus(b.hi(), ref), color, DASHED).setShowInLegend(false);
                line(c, pct + " band, conformal", b.x(), minus(b.loCalibrated(), ref), color.darker(), DOTTED);
                line(c, pct + " band, conformal, upper end", b.x(), minus(b.hiCalibrated(), ref), color.darker(),
                        DOTTED).setShowInLegend(false);
                charts.add(c);
            }
        }
        save(png, charts, rows.size(), 2);
    }

    private static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static XYSeries line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        XYSeries s = c.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(stroke);
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
