package dev.surrogate.datasets.reactiondiffusion;

/** Argument checks shared by the settings records. */
final class Checks {
    private Checks() {
    }

    static void grid(int nx, int ny) {
        if (nx < 4 || nx % 2 != 0) {
            throw new IllegalArgumentException("nx must be even and >= 4, got " + nx);
        }
        if (ny < 4 || ny % 2 != 0) {
            throw new IllegalArgumentException("ny must be even and >= 4, got " + ny);
        }
    }

    static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
        }
    }

    static void times(double tFinal, int snapshots) {
        positive("t-final", tFinal);
        if (snapshots < 2) {
            throw new IllegalArgumentException("snapshots must be >= 2 (t = 0 and t-final), got " + snapshots);
        }
    }

    static double[] outputTimes(double tFinal, int snapshots) {
        double[] t = new double[snapshots];
        for (int j = 0; j < snapshots; j++) {
            t[j] = tFinal * j / (snapshots - 1);
        }
        t[snapshots - 1] = tFinal;
        return t;
    }
}
