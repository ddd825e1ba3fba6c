package dev.surrogate.uq.inverse;

import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.operators.data.Seeds;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sparse noisy observations of one 1-D Burgers trajectory, and what is known besides them: the initial condition,
 * the grid and the snapshot times. The unknowns are the viscosity and the noise scale.
 *
 * @param sample       index of the trajectory in its file
 * @param initial      {@code u(x, t = 0)} on the grid {@code [nx]}
 * @param length       domain length L
 * @param times        every snapshot time of the file, {@code times[0]} the initial one
 * @param timeIndices  observed snapshots (indices into {@code times}, increasing, none 0)
 * @param points       observed grid points (increasing), the same at every observed time
 * @param values       observed values {@code [timeIndices.length * points.length]}, time-major
 * @param noiseStd     standard deviation of the noise added to the true values
 * @param trueNu       the viscosity the trajectory was generated with (NaN if unknown)
 * @param timeStep     the ETDRK4 step the trajectory was generated with (the solver forward model uses it)
 */
public record Observations(int sample, double[] initial, double length, double[] times, int[] timeIndices,
        int[] points, double[] values, double noiseStd, double trueNu, double timeStep) {

    /** Copies the arrays and checks the shapes. */
    public Observations {
        initial = initial.clone();
        times = times.clone();
        timeIndices = timeIndices.clone();
        points = points.clone();
        values = values.clone();
        if (values.length != timeIndices.length * points.length) {
            throw new IllegalArgumentException(values.length + " observed values for " + timeIndices.length
                    + " times x " + points.length + " points");
        }
        for (int t : timeIndices) {
            if (t < 1 || t >= times.length) {
                throw new IllegalArgumentException("observed time index " + t + " outside [1, " + times.length + ")");
            }
        }
        for (int p : points) {
            if (p < 0 || p >= initial.length) {
                throw new IllegalArgumentException("observed point " + p + " outside [0, " + initial.length + ")");
            }
        }
    }

    /** @return number of observed values */
    public int count() {
        return values.length;
    }

    /** @return grid points */
    public int nx() {
        return initial.length;
    }

    /** @return the last observed snapshot index */
    public int lastTimeIndex() {
        return timeIndices[timeIndices.length - 1];
    }

    /**
     * Draws observations from a Burgers file: {@code pointCount} distinct grid points (seeded, the same at every
     * time), {@code timeCount} snapshots spread evenly over those after {@code t = 0} (indices
     * {@code round(k (T - 1) / timeCount)}, {@code k = 1 .. timeCount}), and Gaussian noise of standard deviation
     * {@code relativeNoise} times the RMS of the true observed values.
     *
     * @param file          a 1-D Burgers dataset
     * @param sample        trajectory index in the file
     * @param pointCount    observed points, {@code 1 .. nx}
     * @param timeCount     observed times, {@code 1 .. T - 1}
     * @param relativeNoise noise standard deviation over the RMS of the observed true values, {@code >= 0}
     * @param seed          seed of the points and the noise
     * @return the observations
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming the file or value if it is not a 1-D Burgers file or a count is out
     *                                  of range
     */
    public static Observations draw(DatasetReader file, int sample, int pointCount, int timeCount,
            double relativeNoise, long seed) throws IOException {
        Object eq = file.attributes().get("equation");
        if (!"burgers".equals(eq) || file.spatialDimensions() != 1) {
            throw new IllegalArgumentException(file.file() + " is not a 1-D Burgers dataset (equation " + eq + ")");
        }
        if (sample < 0 || sample >= file.sampleCount()) {
            throw new IllegalArgumentException("sample " + sample + " outside [0, " + file.sampleCount() + ") of "
                    + file.file());
        }
        int nx = file.nx();
        int snapshots = file.timeCount();
        if (pointCount < 1 || pointCount > nx) {
            throw new IllegalArgumentException("observed points must be in [1, " + nx + "], got " + pointCount);
        }
        if (timeCount < 1 || timeCount > snapshots - 1) {
            throw new IllegalArgumentException("observed times must be in [1, " + (snapshots - 1) + "] (snapshots "
                    + "after t = 0 in " + file.file() + "), got " + timeCount);
        }
        if (!(relativeNoise >= 0) || !Double.isFinite(relativeNoise)) {
            throw new IllegalArgumentException("relative noise must be >= 0, got " + relativeNoise);
        }
        int[] timeIdx = new int[timeCount];
        for (int k = 1; k <= timeCount; k++) {
            timeIdx[k - 1] = (int) Math.round(k * (snapshots - 1.0) / timeCount);
        }
        Xoshiro256StarStar rng = new Xoshiro256StarStar(Seeds.mix(seed, sample));
        int[] perm = new int[nx];
        for (int i = 0; i < nx; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < pointCount; i++) {
            int j = i + (int) Math.floorMod(rng.nextLong(), (long) (nx - i));
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] points = Arrays.copyOf(perm, pointCount);
        Arrays.sort(points);
        double[] u0 = new double[nx];
        float[] first = file.readSnapshot("u", sample, 0);
        for (int i = 0; i < nx; i++) {
            u0[i] = first[i];
        }
        double[] values = new double[timeCount * pointCount];
        double ss = 0;
        for (int k = 0; k < timeCount; k++) {
            float[] snap = file.readSnapshot("u", sample, timeIdx[k]);
            for (int j = 0; j < pointCount; j++) {
                values[k * pointCount + j] = snap[points[j]];
                ss += snap[points[j]] * (double) snap[points[j]];
            }
        }
        double sigma = relativeNoise * Math.sqrt(ss / values.length);
        for (int i = 0; i < values.length; i++) {
            values[i] += sigma * rng.nextGaussian();
        }
        double nu = file.sampleParameterNames().contains("nu") || file.attributes().containsKey("nu")
                ? file.parameter("nu")[sample] : Double.NaN;
        return new Observations(sample, u0, file.domainLength(), file.times(), timeIdx, points, values, sigma, nu,
                timeStep(file));
    }

    /** The ETDRK4 step of the file, or the generator's default when the file was integrated adaptively. */
    private static double timeStep(DatasetReader file) {
        Object dt = file.attributes().get("time_step");
        if (dt instanceof Number n && n.doubleValue() > 0) {
            return n.doubleValue();
        }
        return BurgersSettings.DEFAULT_DT;
    }

    /** @return a description as plain values (for JSON) */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sample", sample);
        m.put("points", Arrays.stream(points).boxed().toList());
        double[] t = new double[timeIndices.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = times[timeIndices[k]];
        }
        m.put("times", Arrays.stream(t).boxed().toList());
        m.put("values", values.length);
        m.put("noise_std", noiseStd);
        m.put("true_nu", Double.isNaN(trueNu) ? null : trueNu);
        m.put("time_step", timeStep);
        return m;
    }

    /** @return e.g. {@code "16 points x 4 times (t = 0.125, 0.25, 0.375, 0.5)"} */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < timeIndices.length; k++) {
            b.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", times[timeIndices[k]]));
        }
        return points.length + " points x " + timeIndices.length + " times (t = " + b + ")";
    }
}
