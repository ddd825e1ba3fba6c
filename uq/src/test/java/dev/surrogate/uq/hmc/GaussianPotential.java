package dev.surrogate.uq.hmc;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** {@code U(q) = (q - mu)^T S^-1 (q - mu) / 2}: the potential of the Gaussian N(mu, S). */
final class GaussianPotential implements Potential {
    final double[] mean;
    final double[][] covariance;
    private final double[][] precision;

    GaussianPotential(double[] mean, double[][] covariance) {
        this.mean = mean.clone();
        this.covariance = covariance;
        RealMatrix s = new Array2DRowRealMatrix(covariance);
        this.precision = new LUDecomposition(s).getSolver().getInverse().getData();
    }

    @Override
    public int dimension() {
        return mean.length;
    }

    @Override
    public double valueAndGradient(double[] q, double[] gradient) {
        int d = mean.length;
        double u = 0;
        for (int i = 0; i < d; i++) {
            double g = 0;
            for (int j = 0; j < d; j++) {
                g += precision[i][j] * (q[j] - mean[j]);
            }
            gradient[i] = g;
            u += 0.5 * (q[i] - mean[i]) * g;
        }
        return u;
    }
}
