package dev.surrogate.generative.constraints;

/** Cholesky factorisation and solve of small symmetric positive definite systems, in place. */
final class Cholesky {
    private Cholesky() {
    }

    /**
     * Solves {@code A y = b}.
     *
     * @param a row-major {@code [n * n]} symmetric positive definite; overwritten by its factor. Modified.
     * @param n order
     * @param b right-hand side; replaced by the solution. Modified.
     * @throws IllegalStateException if {@code A} is not positive definite
     */
    static void solveInPlace(double[] a, int n, double[] b) {
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * n + k] * a[j * n + k];
            }
            if (!(d > 0)) {
                throw new IllegalStateException("constraint Jacobian is rank deficient (pivot " + d + " at row " + j
                        + "): redundant or contradictory constraints");
            }
            double l = Math.sqrt(d);
            a[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * n + k] * a[j * n + k];
                }
                a[i * n + j] = s / l;
            }
        }
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= a[i * n + k] * b[k];
            }
            b[i] = s / a[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= a[k * n + i] * b[k];
            }
            b[i] = s / a[i * n + i];
        }
    }
}
