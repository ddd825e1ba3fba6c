package dev.surrogate.cli;

import dev.surrogate.datasets.io.AtomicFiles;
import dev.surrogate.datasets.shard.DatasetMerger;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code surrogate merge OUT.nc IN.nc...}: shard files joined into the file a single run would have written. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Join dataset files that hold consecutive pieces of one set of samples (the shards of "
                + "'generate --shard I/N', or runs with --first-sample) into the file one run would have written: "
                + "the same data bit for bit and the same attributes, with every input's history lines.",
            "Checks first (headers only) that the inputs agree on grid, coordinates, times, fields, per-sample "
                + "parameters and every global attribute except the provenance (history, source) and each file's "
                + "first_sample and shard, and that together they hold every sample index of the set exactly once; "
                + "a message names the missing shard, the overlap or the attribute that differs.",
            "Streams one sample at a time: memory stays flat whatever the size. --ncml writes an NcML aggregation "
                + "instead of copying: NetCDF-Java, 'info', 'train' and 'evaluate' open it as one dataset."})
public final class MergeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUT.nc", description = "The merged file (with --ncml: OUT.ncml).")
    private Path out;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IN.nc",
            description = "Shard files, in any order; quoted patterns such as 'shards/*.nc' are expanded.")
    private List<String> inputs;

    @Option(names = "--ncml", description = "Write an NcML aggregation along sample that reads the inputs where "
            + "they are (referenced relative to OUT's directory when inside it) instead of copying them.")
    private boolean ncml;

    @Mixin
    private ForceOption force;

    @Option(names = "--no-progress", description = "Do not show progress on stderr.")
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        List<Path> files = DataFiles.expand(inputs, "input file");
        AtomicFiles.checkTarget(out, force.force, files.toArray(Path[]::new));
        long t0 = System.nanoTime();
        DatasetMerger merger = new DatasetMerger(files);
        String history = "surrogate " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        PrintWriter err = spec.commandLine().getErr();
        if (ncml) {
            merger.writeNcml(out, history);
        } else {
            merger.merge(out, history, new ProgressReporter("merge", err, !noProgress));
        }
        long last = merger.firstSample() + merger.sampleCount() - 1;
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s %s of %s: samples %d .. %d%n", out, ncml ? "NcML aggregation" : "merge",
                CliSupport.count(files.size(), "file"), merger.firstSample(), last);
        o.flush();
        err.printf(Locale.ROOT, "%s %s (%s) in %.2f s%n", ncml ? "aggregated" : "merged",
                CliSupport.count(files.size(), "file"), CliSupport.count(merger.sampleCount(), "sample"),
                (System.nanoTime() - t0) * 1e-9);
        err.flush();
        return 0;
    }
}
