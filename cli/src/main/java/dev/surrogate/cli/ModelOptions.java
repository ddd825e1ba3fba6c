package dev.surrogate.cli;

import picocli.CommandLine.Option;

/**
 * Architecture options of {@code train} and {@code quickstart}; include with {@code @Mixin}. Options left out take
 * the model's own defaults (FNO-1D: width 64, 16 modes, 4 layers; FNO-2D: width 20, 12 modes, 4 layers; DeepONet:
 * 128 sensors, branch and trunk 3 x 128, 128 basis functions).
 */
public final class ModelOptions {

    /** Channels of the hidden layers. */
    @Option(names = "--width", paramLabel = "W",
            description = "Hidden channels: FNO Fourier-layer width (default 64 in 1-D, 20 in 2-D), DeepONet "
                    + "branch and trunk width (default 128).")
    public Integer width;

    /** Fourier modes of an FNO. */
    @Option(names = "--modes", paramLabel = "M",
            description = "FNO: Fourier modes kept per dimension (default 16 in 1-D, 12 in 2-D).")
    public Integer modes;

    /** Hidden layers. */
    @Option(names = "--layers", paramLabel = "L",
            description = "FNO: Fourier layers (default 4). DeepONet: hidden layers of branch and trunk (default 3).")
    public Integer layers;

    /** DeepONet sensors per axis. */
    @Option(names = "--sensors", paramLabel = "S", description = "DeepONet: sensor points per axis (default 128).")
    public Integer sensors;

    /** DeepONet basis functions. */
    @Option(names = "--latent", paramLabel = "P",
            description = "DeepONet: basis functions per output channel (default 128).")
    public Integer latent;

    /** Channel-dropout rate. */
    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Channel-dropout rate in every layer (enables MC dropout). Default: ${DEFAULT-VALUE}.")
    public double dropout;

    /** Heteroscedastic head. */
    @Option(names = "--heteroscedastic",
            description = "Predict a mean and a log-variance per value (train with --loss gaussian_nll).")
    public boolean heteroscedastic;

    static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
