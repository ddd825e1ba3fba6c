package dev.surrogate.operators.losses;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Negative log-likelihood of the target under independent Gaussians per value, averaged over every value:
 * {@code mean( (log(2 pi) + log s^2 + (y - mu)^2 / s^2) / 2 )}. The training loss of heteroscedastic heads and
 * deep ensembles (Lakshminarayanan et al. 2017). Needs a predicted log-variance; as a point loss (no variance) it
 * is refused rather than silently turned into MSE.
 */
public final class GaussianNllLoss implements Loss {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    @Override
    public SDVariable apply(SameDiff sd, SDVariable prediction, SDVariable target, int[] spatialShape) {
        throw new IllegalArgumentException("the gaussian_nll loss needs a model with a heteroscedastic "
                + "(mean and log-variance) output");
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable mean, SDVariable logVariance, SDVariable target,
            int[] spatialShape) {
        SDVariable d = target.sub(mean);
        SDVariable scaled = d.mul(d).mul(sd.math().exp(logVariance.neg()));
        return logVariance.add(scaled).add(LOG_2PI).mul(0.5).mean();
    }

    @Override
    public String name() {
        return "gaussian_nll";
    }

    @Override
    public boolean usesVariance() {
        return true;
    }

    @Override
    public String toString() {
        return "GaussianNllLoss";
    }
}
