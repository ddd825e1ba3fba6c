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

    /** @return short name used in configs and on the command line ({@code rel_l2}, {@code l2}, {@code mse}) */
    String name();

    /**
     * @param name    {@code rel_l2} (relative L2, the default of neural-operator training), {@code l2} (absolute L2
     *                norm with quadrature) or {@code mse}
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
            default:
                throw new IllegalArgumentException("unknown loss '" + name + "': expected rel_l2, l2 or mse");
        }
    }
}
