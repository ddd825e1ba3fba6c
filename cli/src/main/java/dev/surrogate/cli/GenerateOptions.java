package dev.surrogate.cli;

import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.ParameterSweep;
import dev.surrogate.datasets.shard.Shard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every {@code generate EQUATION} command shares; include with {@code @Mixin}. */
public final class GenerateOptions {

    /** Number of samples. */
    @Option(names = "--samples", required = true, paramLabel = "N",
            description = "Number of samples (>= 1); with --shard, of the whole set.")
    public int samples;

    /** Output file. */
    @Option(names = "--out", required = true, paramLabel = "FILE.nc",
            description = "Output NetCDF file; written to a temporary file and renamed when complete. An "
                    + "existing file is replaced only with --force.")
    public Path out;

    /** Dataset seed. */
    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed; sample i depends only on (seed, i). Default: ${DEFAULT-VALUE}.")
    public long seed;

    /** Worker threads. */
    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: all processors). The output does not depend on it.")
    public Integer threads;

    /** Parameter sweeps. */
    @Option(names = "--vary", paramLabel = "NAME=LO:HI[:lin|log]",
            description = "Draw a parameter per sample, uniformly (lin) or log-uniformly (log) in [LO, HI]; stored "
                    + "as a variable NAME(sample). Repeatable.")
    public List<String> vary = new ArrayList<>();

    /** First global sample index (shards). */
    @Option(names = "--first-sample", paramLabel = "I", defaultValue = "0",
            description = "Global index of the first sample, to generate one shard of a larger set. Default: 0.")
    public long firstSample;

    /** Shard I of N of the set. */
    @Option(names = "--shard", paramLabel = "I/N",
            description = "Write only shard I of N (0 <= I < N) of the --samples samples: a contiguous range of "
                    + "global indices, the same samples a single run writes. 'merge' joins the N shard files into "
                    + "that run's file. For job arrays: --shard $SLURM_ARRAY_TASK_ID/64.")
    public String shard;

    /** Replace an existing output. */
    @Mixin
    public ForceOption force;

    /** Disable the progress display. */
    @Option(names = "--no-progress", description = "Do not show progress on stderr.")
    public boolean noProgress;

    /**
     * @param history provenance text for the file
     * @return generator settings from these options
     * @throws IllegalArgumentException naming the bad value
     */
    public DatasetGenerator.Settings settings(String history) {
        List<ParameterSweep> sweeps = new ArrayList<>();
        for (String v : vary) {
            sweeps.add(ParameterSweep.parse(v));
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        return new DatasetGenerator.Settings(samples, firstSample, seed, t, sweeps, history);
    }

    /**
     * @return the shard of {@code --shard}, or {@code null} for the whole set
     * @throws IllegalArgumentException naming the bad value
     */
    public Shard shard() {
        if (shard == null) {
            return null;
        }
        try {
            return Shard.parse(shard);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("--shard: " + ex.getMessage());
        }
    }
}
