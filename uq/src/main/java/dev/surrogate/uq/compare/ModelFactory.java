package dev.surrogate.uq.compare;

import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.models.Fno2d;
import dev.surrogate.operators.models.NeuralOperator;

/**
 * Builds the untrained operators the methods train, so every method of a comparison gets the same architecture
 * (the command line builds them from its model options; {@link #fno} is the library default).
 */
@FunctionalInterface
public interface ModelFactory {

    /**
     * What a method needs of its operator.
     *
     * @param inChannels      input channels of the task
     * @param outChannels     predicted channels
     * @param spatialDims     1 or 2
     * @param dropout         channel-dropout rate in [0, 1) (MC dropout), 0 for none
     * @param heteroscedastic whether the operator predicts a log-variance too (deep ensembles)
     * @param seed            initialisation seed
     */
    record Request(int inChannels, int outChannels, int spatialDims, double dropout, boolean heteroscedastic,
            long seed) {
    }

    /**
     * @param request what to build
     * @return an untrained operator
     * @throws IllegalArgumentException if the request does not fit the architecture
     */
    NeuralOperator build(Request request);

    /**
     * FNO-1D or FNO-2D (from the data), with the models' own defaults where an argument is {@code null}
     * (1-D: width 64, 16 modes, 4 layers; 2-D: width 20, 12 modes, 4 layers).
     *
     * @param width  hidden channels, or null
     * @param modes  Fourier modes per dimension, or null
     * @param layers Fourier layers, or null
     * @return the factory
     */
    static ModelFactory fno(Integer width, Integer modes, Integer layers) {
        return r -> {
            if (r.spatialDims() == 1) {
                Fno1d.Config c = Fno1d.Config.defaults(r.inChannels(), r.outChannels());
                return new Fno1d(c.withWidth(width == null ? c.width() : width)
                        .withModes(modes == null ? c.modes() : modes)
                        .withLayers(layers == null ? c.layers() : layers).withDropout(r.dropout())
                        .withHeteroscedastic(r.heteroscedastic()).withSeed(r.seed()));
            }
            Fno2d.Config c = Fno2d.Config.defaults(r.inChannels(), r.outChannels());
            return new Fno2d(c.withWidth(width == null ? c.width() : width)
                    .withModes(modes == null ? c.modesY() : modes, modes == null ? c.modesX() : modes)
                    .withLayers(layers == null ? c.layers() : layers).withDropout(r.dropout())
                    .withHeteroscedastic(r.heteroscedastic()).withSeed(r.seed()));
        };
    }
}
