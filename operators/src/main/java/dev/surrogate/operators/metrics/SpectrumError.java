package dev.surrogate.operators.metrics;

import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well forecasts reproduce the truth's energy spectrum, by wavenumber band: with {@code E(k)} the
 * {@link EnergySpectrum} summed over every forecast snapshot and field (and, for ensembles, every member) and the
 * same for the true snapshots at the same times, the band energies {@code E_b = sum_{k in b} E(k)} for the bands of
 * a {@link FrequencyBands} (low, mid, high) give the relative errors {@code |E_b(pred) - E_b(true)| / E_b(true)}
 * per band, and {@code spectrum_error = sum_b |E_b(pred) - E_b(true)| / sum_b E_b(true)} over all of them (a band
 * whose true energy is at round-off level, as the high band of smooth viscous flows, cannot blow it up). A forecast
 * that is too smooth (an ensemble mean, a blurred sample) shows up as a deficit in the high band; noise as an
 * excess there.
 *
 * <p>Receives forecasts as a {@link RolloutListener} (an {@link Evaluator}'s rollouts or an
 * {@link EnsembleEvaluator}'s members) and reads the truth from the data: step {@code s} of a trajectory is
 * compared with snapshot {@code window + s} for a rollout or a {@code trajectory} target, with the target
 * snapshot for a {@code final} task.
 */
public final class SpectrumError implements RolloutListener {
    private final FieldSource data;
    private final Task task;
    private final FrequencyBands bands;
    private final EnergySpectrum spectrum;
    private final double[] predicted;
    private final double[] truth;
    private final float[] buffer;
    private final int fields;
    private final int points;

    /**
     * @param data  the evaluated data (the model's fields, in its order)
     * @param task  the model's task
     * @param bands wavenumber bands
     */
    public SpectrumError(FieldSource data, Task task, FrequencyBands bands) {
        this.data = data;
        this.task = task;
        this.bands = bands;
        this.spectrum = new EnergySpectrum(data.spatialShape());
        this.predicted = new double[spectrum.bins()];
        this.truth = new double[spectrum.bins()];
        this.fields = data.fieldCount();
        this.points = data.points();
        this.buffer = new float[points];
    }

    @Override
    public void rollout(int sample, float[] prediction, int offset, int steps) {
        int[] targets = task.targetTimes(data.timeCount(), 0);
        for (int s = 0; s < steps; s++) {
            int time = task.autoregressive() || s >= targets.length ? task.window() + s : targets[s];
            for (int f = 0; f < fields; f++) {
                spectrum.add(prediction, offset + (s * fields + f) * points, predicted);
                data.read(sample, time, f, buffer, 0);
                spectrum.add(buffer, 0, truth);
            }
        }
    }

    /** @return accumulated spectrum of the forecasts, per wavenumber bin (a copy) */
    public double[] predictedSpectrum() {
        return predicted.clone();
    }

    /** @return accumulated spectrum of the truth at the same snapshots (a copy) */
    public double[] trueSpectrum() {
        return truth.clone();
    }

    /** @return relative error of the band energies {@code {low, mid, high}}; NaN for a band without energy */
    public double[] bandErrors() {
        double[] p = new double[3];
        double[] t = new double[3];
        for (int k = 0; k < truth.length; k++) {
            int b = bands.band(k);
            p[b] += predicted[k];
            t[b] += truth[k];
        }
        double[] e = new double[3];
        for (int b = 0; b < 3; b++) {
            e[b] = t[b] > 0 ? Math.abs(p[b] - t[b]) / t[b] : Double.NaN;
        }
        return e;
    }

    /** @return {@code sum_b |E_b(pred) - E_b(true)| / sum_b E_b(true)}, NaN without true energy */
    public double error() {
        double[] p = new double[3];
        double[] t = new double[3];
        for (int k = 0; k < truth.length; k++) {
            int b = bands.band(k);
            p[b] += predicted[k];
            t[b] += truth[k];
        }
        double diff = 0;
        double total = 0;
        for (int b = 0; b < 3; b++) {
            diff += Math.abs(p[b] - t[b]);
            total += t[b];
        }
        return total > 0 ? diff / total : Double.NaN;
    }

    /**
     * @return {@code spectrum_error}, {@code spectrum_error_low/mid/high}, and the two spectra divided by the
     *         truth's total energy, so that the truth's sums to 1 ({@code energy_spectrum_prediction},
     *         {@code energy_spectrum_truth}, one value per integer wavenumber bin); non-finite values as null
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spectrum_error", FieldMetrics.finite(error()));
        double[] b = bandErrors();
        m.put("spectrum_error_low", FieldMetrics.finite(b[0]));
        m.put("spectrum_error_mid", FieldMetrics.finite(b[1]));
        m.put("spectrum_error_high", FieldMetrics.finite(b[2]));
        double total = 0;
        for (double v : truth) {
            total += v;
        }
        List<Object> ps = new ArrayList<>();
        List<Object> ts = new ArrayList<>();
        for (int k = 0; k < truth.length; k++) {
            ps.add(FieldMetrics.finite(predicted[k] / total));
            ts.add(FieldMetrics.finite(truth[k] / total));
        }
        m.put("energy_spectrum_prediction", ps);
        m.put("energy_spectrum_truth", ts);
        return m;
    }
}
