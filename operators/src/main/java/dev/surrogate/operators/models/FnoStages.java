package dev.surrogate.operators.models;

import dev.surrogate.operators.layers.Activation;
import dev.surrogate.operators.layers.ChannelDropout;
import dev.surrogate.operators.layers.HeteroscedasticHead;
import dev.surrogate.operators.layers.PointwiseLinear;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The stages the 1-D and 2-D FNOs share, on x-major matrices {@code [points * batch, channels]}: lifting with the
 * grid coordinates as extra input channels, the Fourier layers, the projection MLP and the optional
 * heteroscedastic head.
 */
final class FnoStages {
    private FnoStages() {
    }

    /**
     * Lifting {@code P(concat(u, grid))} computed as {@code u W_u + (grid W_g + b)}: the same affine map as
     * appending the coordinate channels, without materialising the concatenation or tiling the grid over the
     * batch (the grid term is {@code [points, 1, width]}, broadcast over the batch axis).
     *
     * @param h0   {@code [points * batch, inChannels]}
     * @param grid {@code [points, dims]} coordinates in the row order of {@code h0}
     */
    static SDVariable lift(SameDiff sd, SDVariable h0, SDVariable grid, long points, int inChannels, int dims,
                           int width, String name, long seed) {
        PointwiseLinear lift = new PointwiseLinear(name, inChannels + dims, width, seed);
        SDVariable w = lift.weight(sd, h0);
        SDVariable b = lift.bias(sd, h0);
        SDVariable field = h0.mmul(w.get(SDIndex.interval(0, inChannels)));
        SDVariable coords = grid.mmul(w.get(SDIndex.interval(inChannels, inChannels + dims))).add(b)
                .reshape(points, 1, width);
        return field.reshape(points, -1, width).add(coords).reshape(-1, width);
    }

    /** A layer's spectral convolution: (layer index, input, constant field to add or null) to its output. */
    interface Spectral {
        /**
         * @param layer    layer index
         * @param x        the layer's input, x-major
         * @param constant {@code [width]} field to add at every point (the pointwise bias), or {@code null}
         * @return the spectral convolution plus the constant, x-major
         */
        SDVariable apply(int layer, SDVariable x, SDVariable constant);
    }

    /**
     * The Fourier layers {@code h <- act(K h + W h + b)} (no activation after the last one, as in the reference
     * code), each followed by channel dropout where there is an activation. The pointwise path's bias {@code b} is
     * handed to the spectral convolution, which adds it to the zero mode (a constant field) on the small spectrum.
     *
     * @param spectral the spectral convolution of each layer
     */
    static SDVariable fourierLayers(SameDiff sd, SDVariable h, long points, int width, int layers,
                                    Activation act, ChannelDropout dropout, String prefix, long seed,
                                    Spectral spectral) {
        for (int l = 0; l < layers; l++) {
            PointwiseLinear pointwise = new PointwiseLinear(prefix + "/layer" + l + "/pointwise", width, width, seed);
            SDVariable k = spectral.apply(l, h, pointwise.bias(sd, h));
            h = k.add(pointwise.linear(sd, h));
            if (l < layers - 1) {
                h = dropout.apply(sd, act.apply(sd, h), points, width);
            }
        }
        return h;
    }

    /** Projection MLP width -> hidden -> out channels (doubled and passed through the head if heteroscedastic). */
    static SDVariable project(SameDiff sd, SDVariable h, long points, int width, int hidden, int outChannels,
                              Activation act, ChannelDropout dropout, HeteroscedasticHead head, String prefix,
                              long seed) {
        SDVariable q = new PointwiseLinear(prefix + "/projection0", width, hidden, seed).applyAsOneProduct(sd, h);
        q = dropout.apply(sd, act.apply(sd, q), points, hidden);
        int raw = head == null ? outChannels : 2 * outChannels;
        SDVariable out = new PointwiseLinear(prefix + "/projection1", hidden, raw, seed).apply(sd, q);
        return head == null ? out : head.apply(sd, out, 2, 1);
    }
}
