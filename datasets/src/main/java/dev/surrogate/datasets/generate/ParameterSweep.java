package dev.surrogate.datasets.generate;

import dev.surrogate.datasets.random.RandomStream;
import dev.surrogate.datasets.random.SampleSeeds;
import dev.surrogate.datasets.random.SplitMix64;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Varies one physical parameter across samples, written {@code NAME=LO:HI[:lin|log]} on the command line (e.g.
 * {@code nu=1e-3:1e-1:log}). Sample i's value is drawn from its own random stream, derived from (seed, i, name)
 * alone: uniform on [LO, HI] ({@code lin}, the default) or log-uniform ({@code log}, needs LO &gt; 0). A value thus
 * never depends on the number of samples, threads or shards, and adding a second sweep does not change the
 * first one's values.
 *
 * @param name  the parameter's name, as in {@link DatasetProblem#parameters()}
 * @param lo    lower end, finite
 * @param hi    upper end, finite, {@code >= lo}
 * @param scale how values are spread between the ends
 */
public record ParameterSweep(String name, double lo, double hi, Scale scale) {

    /** How values are spread between the ends. */
    public enum Scale {
        /** uniform in the value */
        LIN,
        /** uniform in the logarithm of the value */
        LOG
    }

    /** Validates the range. */
    public ParameterSweep {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("sweep needs a parameter name");
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || hi < lo) {
            throw new IllegalArgumentException("range of " + name + " must be finite with LO <= HI, got " + lo + ":"
                    + hi);
        }
        if (scale == Scale.LOG && !(lo > 0)) {
            throw new IllegalArgumentException("log range of " + name + " needs LO > 0, got " + lo);
        }
    }

    /**
     * Parses {@code NAME=LO:HI[:lin|log]}.
     *
     * @param text e.g. {@code "nu=0.01:0.1:log"}
     * @return the sweep
     * @throws IllegalArgumentException naming the text if it is malformed
     */
    public static ParameterSweep parse(String text) {
        int eq = text.indexOf('=');
        String[] parts = eq < 0 ? new String[0] : text.substring(eq + 1).split(":", -1);
        if (eq <= 0 || parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("invalid sweep '" + text + "': expected NAME=LO:HI[:lin|log]");
        }
        String name = text.substring(0, eq).trim();
        double lo;
        double hi;
        try {
            lo = Double.parseDouble(parts[0].trim());
            hi = Double.parseDouble(parts[1].trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("invalid sweep '" + text + "': LO and HI must be numbers");
        }
        Scale scale = Scale.LIN;
        if (parts.length == 3) {
            switch (parts[2].trim().toLowerCase(Locale.ROOT)) {
                case "lin":
                    scale = Scale.LIN;
                    break;
                case "log":
                    scale = Scale.LOG;
                    break;
                default:
                    throw new IllegalArgumentException("invalid sweep '" + text + "': scale must be lin or log, got '"
                            + parts[2] + "'");
            }
        }
        return new ParameterSweep(name, lo, hi, scale);
    }

    /**
     * The value of sample {@code index}.
     *
     * @param seeds the dataset's seeds
     * @param index global sample index
     * @return a value in [lo, hi]
     */
    public double value(SampleSeeds seeds, long index) {
        RandomStream r = seeds.stream(index, purpose());
        double u = r.nextDouble();
        if (scale == Scale.LOG) {
            double a = StrictMath.log(lo);
            double b = StrictMath.log(hi);
            return Math.min(hi, Math.max(lo, StrictMath.exp(a + (b - a) * u)));
        }
        return lo + (hi - lo) * u;
    }

    /** Stream purpose of this parameter: {@link SampleSeeds#PARAMETERS} mixed with a 64-bit FNV-1a hash of the name. */
    private long purpose() {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return SplitMix64.mix(SampleSeeds.PARAMETERS ^ h);
    }

    /** @return the sweep as written on the command line, e.g. {@code nu=0.01:0.1:log} */
    @Override
    public String toString() {
        return name + "=" + lo + ":" + hi + ":" + scale.name().toLowerCase(Locale.ROOT);
    }
}
