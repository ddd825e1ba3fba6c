package dev.surrogate.operators.losses;

import java.util.Locale;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** A scalar training loss between a prediction and a target of the same shape. */
public interface Loss {

    /**
     * Adds the loss to a graph.
     *
     * @param sd           graph
     * @param prediction   {@code [batch, channels, *spatialShape]}
     * @param target       same shape as {@code prediction}
     * @param spatialShape grid of this graph, {@code {nx}} or {@code {ny, nx}} (for quadrature weights)
     * @return scalar loss, averaged over the batch
     */
    SDVariable apply(SameDiff sd, SDVariable prediction, SDVariable target, int[] spatialShape);

    /**
     * Adds the loss of a model that predicts a Gaussian per value (mean and log-variance, see
     * {@link dev.surrogate.operators.models.NeuralOperator#heteroscedastic()}). Point losses ignore the variance;
     * {@link GaussianNllLoss} uses it.
     *
     * @param sd           graph
     * @param mean         predicted mean {@code [batch, channels, *spatialShape]}
     * @param logVariance  predicted log-variance, same shape and units squared of {@code mean}
     * @param target       same shape as {@code mean}
     * @param spatialShape grid of this graph
     * @return scalar loss
     */
    default SDVariable apply(SameDiff sd, SDVariable mean, SDVariable logVariance, SDVariable target,
            int[] spatialShape) {
        return apply(sd, mean, target, spatialShape);
    }

    /**
     * @return short name used in configs and on the command line ({@code rel_l2}, {@code l2}, {@code mse},
     *         {@code gaussian_nll})
     */
    String name();

    /**
     * @param name    {@code rel_l2} (relative L2, the default of neural-operator training), {@code l2} (absolute L2
     *                norm with quadrature), {@code mse} or {@code gaussian_nll} (for heteroscedastic models)
     * @param lengths domain lengths, in the order of the spatial shape
     * @return the loss
     * @throws IllegalArgumentException for an unknown name
     */
    static Loss byName(String name, double[] lengths) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "rel_l2":
                return LpLoss.relative(2, lengths);
            case "l2":
                return LpLoss.absolute(2, lengths);
            case "mse":
                return new MseLoss();
            case "gaussian_nll":
                return new GaussianNllLoss();
            default:
                throw new IllegalArgumentException("unknown loss '" + name
                        + "': expected rel_l2, l2, mse or gaussian_nll");
        }
    }
}
