package dev.surrogate.operators.models;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A transformation of an FNO's hidden state after each Fourier layer's sum {@code K h + W h + b}, before its
 * activation: the hook through which a conditioning signal that is constant in space enters every layer (FiLM,
 * Perez et al. 2018: {@code h (1 + gamma) + beta} per channel, e.g. from the time of a flow's velocity network).
 * The FNOs take one through {@link Fno1d#forward(SameDiff, SDVariable, int[], LayerModulation)} and
 * {@link Fno2d#forward(SameDiff, SDVariable, int[], LayerModulation)}.
 */
@FunctionalInterface
public interface LayerModulation {

    /**
     * @param sd     the graph
     * @param layer  Fourier layer index, {@code 0 .. layers-1}
     * @param h      the layer's sum, x-major {@code [points * batch, width]} (point-major rows: row
     *               {@code p * batch + b} is point {@code p} of batch row {@code b})
     * @param points grid points per sample
     * @return the modulated state, same shape
     */
    SDVariable apply(SameDiff sd, int layer, SDVariable h, long points);
}
