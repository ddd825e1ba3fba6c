package dev.surrogate.cli;

import picocli.CommandLine.Option;

/** Options of {@code train ensemble} (a deep ensemble of heteroscedastic operators); include with {@code @Mixin}. */
public final class EnsembleOptions {

    /** Members of the ensemble. */
    @Option(names = "--members", paramLabel = "M", description = "ensemble: number of members (default 5).")
    public Integer members;

    /** Bootstrap resampling. */
    @Option(names = "--bootstrap", description = "ensemble: each member trains on a bootstrap resample of the "
            + "training trajectories.")
    public boolean bootstrap;

    /** Members trained at once. */
    @Option(names = "--parallel", paramLabel = "P", description = "ensemble: members trained at once (default: "
            + "cores / ND4J threads, at most the members).")
    public Integer parallel;

    /** Create the directory without training. */
    @Option(names = "--create-only", description = "ensemble: create the ensemble directory (every member's "
            + "config.json with its seed, trajectories and normaliser) without training, for training the members "
            + "elsewhere: the Spark job (dev.surrogate.spark.EnsembleJob), or 'train ensemble --resume' later.")
    public boolean createOnly;

    /** The members' operator. */
    @Option(names = "--base", paramLabel = "MODEL", description = "ensemble: the members' operator, fno or "
            + "deeponet (default fno).")
    public String base;

    /**
     * @param model the {@code train MODEL} name
     * @throws IllegalArgumentException if ensemble options are given for another model
     */
    void checkOnlyFor(String model) {
        if (!TrainEnsemble.NAME.equals(model) && (members != null || bootstrap || parallel != null
                || base != null || createOnly)) {
            throw new IllegalArgumentException("--members, --bootstrap, --parallel, --base and --create-only are "
                    + "options of "
                    + "'train " + TrainEnsemble.NAME + "', not of 'train " + model + "'");
        }
    }
}
