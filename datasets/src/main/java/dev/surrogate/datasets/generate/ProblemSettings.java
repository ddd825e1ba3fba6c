package dev.surrogate.datasets.generate;

/**
 * Checks and derived values shared by the settings records of the dataset problems (Burgers, Navier-Stokes,
 * Gray-Scott, FitzHugh-Nagumo), so that a bad value gets the same message whichever equation it was given to.
 */
public final class ProblemSettings {
    private ProblemSettings() {
    }

    /**
     * @param name grid size name for the message, e.g. {@code "nx"}
     * @param n    points along one axis
     * @throws IllegalArgumentException unless it is even and {@code >= 4}
     */
    public static void requireEvenGrid(String name, int n) {
        if (n < 4 || n % 2 != 0) {
            throw new IllegalArgumentException(name + " must be even and >= 4, got " + n);
        }
    }

    /**
     * @param name value name for the message
     * @param v    the value
     * @throws IllegalArgumentException unless it is positive and finite
     */
    public static void requirePositive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
        }
    }

    /**
     * @param tFinal    final time
     * @param snapshots number of output times
     * @throws IllegalArgumentException unless t-final is positive and finite and there are {@code >= 2} snapshots
     */
    public static void requireTimes(double tFinal, int snapshots) {
        requirePositive("t-final", tFinal);
        if (snapshots < 2) {
            throw new IllegalArgumentException("snapshots must be >= 2 (t = 0 and t-final), got " + snapshots);
        }
    }

    /**
     * @param tFinal    final time, positive
     * @param snapshots number of output times, {@code >= 2}
     * @return the output times {@code t_j = tFinal j / (snapshots - 1)} {@code [snapshots]}, first 0, last exactly
     *         t-final
     */
    public static double[] outputTimes(double tFinal, int snapshots) {
        double[] t = new double[snapshots];
        for (int j = 0; j < snapshots; j++) {
            t[j] = tFinal * j / (snapshots - 1);
        }
        t[snapshots - 1] = tFinal;
        return t;
    }
}
