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
        if (!factor(a, 0, n)) {
            throw new IllegalStateException("constraint Jacobian is rank deficient: redundant or contradictory "
                    + "constraints");
        }
        solve(a, 0, n, b, 0);
    }

    /**
     * Factors {@code A = L L^T} in place (the lower triangle becomes {@code L}).
     *
     * @param a      row-major {@code [n * n]} from {@code offset}, symmetric. Modified.
     * @param offset first element of the matrix in {@code a}
     * @param n      order
     * @return false if {@code A} is not positive definite (then {@code a} holds a partial factor)
     */
    static boolean factor(double[] a, int offset, int n) {
        for (int j = 0; j < n; j++) {
            int rj = offset + j * n;
            double d = a[rj + j];
            for (int k = 0; k < j; k++) {
                d -= a[rj + k] * a[rj + k];
            }
            if (!(d > 0)) {
                return false;
            }
            double l = Math.sqrt(d);
            a[rj + j] = l;
            for (int i = j + 1; i < n; i++) {
                int ri = offset + i * n;
                double s = a[ri + j];
                for (int k = 0; k < j; k++) {
                    s -= a[ri + k] * a[rj + k];
                }
                a[ri + j] = s / l;
            }
        }
        return true;
    }

    /**
     * Solves {@code L L^T y = b} with a factor from {@link #factor}.
     *
     * @param l        the factor, row-major from {@code offset}
     * @param offset   first element of the factor
     * @param n        order
     * @param b        right-hand side from {@code bOffset}; replaced by the solution. Modified.
     * @param bOffset  first element of the right-hand side
     */
    static void solve(double[] l, int offset, int n, double[] b, int bOffset) {
        for (int i = 0; i < n; i++) {
            int ri = offset + i * n;
            double s = b[bOffset + i];
            for (int k = 0; k < i; k++) {
                s -= l[ri + k] * b[bOffset + k];
            }
            b[bOffset + i] = s / l[ri + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[bOffset + i];
            for (int k = i + 1; k < n; k++) {
                s -= l[offset + k * n + i] * b[bOffset + k];
            }
            b[bOffset + i] = s / l[offset + i * n + i];
        }
    }
}
