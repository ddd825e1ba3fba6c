package dev.surrogate.cli;

import picocli.CommandLine.Option;

/** Architecture options of {@code train} and {@code quickstart}; include with {@code @Mixin}. */
public final class ModelOptions {

    /** Channels of the hidden layers. */
    @Option(names = "--width", paramLabel = "W", defaultValue = "64",
            description = "Hidden channels: FNO Fourier-layer width, DeepONet branch/trunk width. "
                    + "Default: ${DEFAULT-VALUE}.")
    public int width;

    /** Fourier modes of an FNO, basis functions of a DeepONet. */
    @Option(names = "--modes", paramLabel = "M", defaultValue = "16",
            description = "FNO: Fourier modes kept per dimension. DeepONet: number of basis functions. "
                    + "Default: ${DEFAULT-VALUE}.")
    public int modes;

    /** Hidden layers. */
    @Option(names = "--layers", paramLabel = "L", defaultValue = "4",
            description = "FNO: Fourier layers. DeepONet: hidden layers of branch and trunk. "
                    + "Default: ${DEFAULT-VALUE}.")
    public int layers;

    /** Channel-dropout rate. */
    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Channel-dropout rate in every layer (enables MC dropout). Default: ${DEFAULT-VALUE}.")
    public double dropout;

    /** Heteroscedastic head. */
    @Option(names = "--heteroscedastic",
            description = "Predict a mean and a log-variance per value (train with --loss gaussian_nll).")
    public boolean heteroscedastic;
}
