package dev.surrogate.operators.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FourierBasisTest {

    @Test
    void interleavedRowsAreThePartMajorRowsReordered() {
        int n = 12;
        int m = 4;
        double[] f = FourierBasis.realForward(n, m, false);
        double[] fi = FourierBasis.realForward(n, m, true);
        double[] g = FourierBasis.realInverse(n, m, false);
        double[] gi = FourierBasis.realInverse(n, m, true);
        for (int k = 0; k < m; k++) {
            for (int part = 0; part < 2; part++) {
                int major = part * m + k;
                int inter = 2 * k + part;
                for (int x = 0; x < n; x++) {
                    assertEquals(f[major * n + x], fi[inter * n + x], 0.0, "forward row " + major);
                    assertEquals(g[x * 2 * m + major], gi[x * 2 * m + inter], 0.0, "inverse column " + major);
                }
            }
        }
        int kk = 2 * 3;
        double[] c = FourierBasis.complexForward(n, 3, false);
        double[] ci = FourierBasis.complexForward(n, 3, true);
        double[] d = FourierBasis.complexInverse(n, 3, false);
        double[] di = FourierBasis.complexInverse(n, 3, true);
        for (int j = 0; j < kk; j++) {
            for (int part = 0; part < 2; part++) {
                int major = part * kk + j;
                int inter = 2 * j + part;
                for (int y = 0; y < 2 * n; y++) {
                    assertEquals(c[major * 2 * n + y], ci[inter * 2 * n + y], 0.0, "complex forward row " + major);
                    assertEquals(d[y * 2 * kk + major], di[y * 2 * kk + inter], 0.0, "complex inverse column " + major);
                }
            }
        }
    }

    @Test
    void complexForwardUndoesTheInverseOnKeptModes() {
        // synthesis then analysis of any kept coefficients gives them back (the exponentials are orthogonal on the grid)
        int n = 16;
        int modes = 3;
        int kk = 2 * modes;
        double[] f = FourierBasis.complexForward(n, modes, true);
        double[] g = FourierBasis.complexInverse(n, modes, true);
        for (int col = 0; col < 2 * kk; col++) {
            for (int row = 0; row < 2 * kk; row++) {
                double s = 0;
                for (int y = 0; y < 2 * n; y++) {
                    s += f[row * 2 * n + y] * g[y * 2 * kk + col];
                }
                assertEquals(row == col ? 1 : 0, s, 1e-12, "(F G)[" + row + ", " + col + "]");
            }
        }
    }
}
