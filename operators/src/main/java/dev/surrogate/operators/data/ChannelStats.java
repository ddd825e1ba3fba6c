package dev.surrogate.operators.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-channel mean and standard deviation, accumulated in double precision. Each snapshot's values are first
 * reduced to (count, mean, sum of squared deviations) and then merged with Chan et al.'s pairwise formula, so neither
 * float32 saturation (a float32 sum stops growing at 2^24 ones) nor the cancellation of the naive
 * {@code E[x^2] - E[x]^2} formula affects the result.
 */
public final class ChannelStats {
    private final long[] count;
    private final double[] mean;
    private final double[] m2;

    /** @param channels number of channels, at least 1 */
    public ChannelStats(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        }
        count = new long[channels];
        mean = new double[channels];
        m2 = new double[channels];
    }

    /** @return number of channels */
    public int channels() {
        return mean.length;
    }

    /**
     * Adds one block of values of one channel.
     *
     * @param channel channel index
     * @param values  values; read only
     * @param offset  first value
     * @param length  number of values
     */
    public void add(int channel, float[] values, int offset, int length) {
        if (length == 0) {
            return;
        }
        double s = 0;
        for (int i = 0; i < length; i++) {
            s += values[offset + i];
        }
        double blockMean = s / length;
        double blockM2 = 0;
        for (int i = 0; i < length; i++) {
            double d = values[offset + i] - blockMean;
            blockM2 += d * d;
        }
        long n = count[channel];
        long total = n + length;
        double delta = blockMean - mean[channel];
        mean[channel] += delta * length / total;
        m2[channel] += blockM2 + delta * delta * ((double) n * length / total);
        count[channel] = total;
    }

    /**
     * Adds a block laid out {@code [channel][points]}.
     *
     * @param values {@code channels * points} values; read only
     * @param offset first value
     * @param points values per channel
     */
    public void addChannelsFirst(float[] values, int offset, int points) {
        for (int c = 0; c < mean.length; c++) {
            add(c, values, offset + c * points, points);
        }
    }

    /** @return number of values seen per channel */
    public long count(int channel) {
        return count[channel];
    }

    /** @return per-channel means */
    public double[] means() {
        return mean.clone();
    }

    /** @return per-channel population standard deviations (0 before any value) */
    public double[] stds() {
        double[] s = new double[mean.length];
        for (int c = 0; c < s.length; c++) {
            s[c] = count[c] == 0 ? 0 : Math.sqrt(m2[c] / count[c]);
        }
        return s;
    }

    /**
     * Builds a normaliser from per-channel statistics: {@code z = (x - mean) / std}. A constant channel
     * (std = 0) gets std 1, so it is only shifted.
     *
     * @param mean per-channel means
     * @param std  per-channel standard deviations
     * @return an affine map per channel
     */
    public static Affine affine(double[] mean, double[] std) {
        return new Affine(mean, std);
    }

    /** @return the affine map {@code (x - mean) / std} of these statistics */
    public Affine toAffine() {
        return new Affine(means(), stds());
    }

    /**
     * A per-channel affine map {@code z = (x - mean) / std}.
     *
     * @param mean per-channel shift
     * @param std  per-channel scale, positive (zeros and non-finite values are replaced by 1)
     */
    public record Affine(double[] mean, double[] std) {
        /** Validates and copies; replaces degenerate scales by 1. */
        public Affine {
            if (mean.length != std.length || mean.length == 0) {
                throw new IllegalArgumentException("mean and std need the same, non-zero number of channels, got "
                        + mean.length + " and " + std.length);
            }
            mean = mean.clone();
            std = std.clone();
            for (int c = 0; c < std.length; c++) {
                if (!Double.isFinite(mean[c])) {
                    throw new IllegalArgumentException("channel " + c + " has a non-finite mean " + mean[c]);
                }
                // a channel with no spread (or float underflow) is left unscaled instead of divided by ~0
                if (!(std[c] > 1e-12) || !Double.isFinite(std[c])) {
                    std[c] = 1;
                }
            }
        }

        /** @return identity map for {@code channels} channels */
        public static Affine identity(int channels) {
            double[] zero = new double[channels];
            double[] one = new double[channels];
            java.util.Arrays.fill(one, 1);
            return new Affine(zero, one);
        }

        /** @return number of channels */
        public int channels() {
            return mean.length;
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] std() {
            return std.clone();
        }

        /** @return {@code {"mean": [...], "std": [...]}} for JSON */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mean", toList(mean));
            m.put("std", toList(std));
            return m;
        }

        /** @return the map written by {@link #toMap()} read back */
        public static Affine fromMap(Map<String, ?> m) {
            return new Affine(fromList(m.get("mean"), "mean"), fromList(m.get("std"), "std"));
        }

        private static List<Double> toList(double[] a) {
            List<Double> l = new ArrayList<>(a.length);
            for (double v : a) {
                l.add(v);
            }
            return l;
        }

        private static double[] fromList(Object o, String key) {
            if (!(o instanceof List<?> l)) {
                throw new IllegalArgumentException("normaliser entry '" + key + "' must be a list, got " + o);
            }
            double[] a = new double[l.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = ((Number) l.get(i)).doubleValue();
            }
            return a;
        }
    }
}
