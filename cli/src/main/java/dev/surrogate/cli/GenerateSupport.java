package dev.surrogate.cli;

import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.DatasetProblem;
import dev.surrogate.datasets.io.AtomicFiles;
import dev.surrogate.datasets.io.DatasetLayout;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The part of every {@code generate EQUATION} command after its problem is built. */
public final class GenerateSupport {
    private GenerateSupport() {
    }

    /**
     * A {@code generate EQUATION} command after parsing: the problem and the shared options its arguments describe.
     * Lets other drivers (the Spark job) take the same arguments as the command line.
     */
    public interface ProblemCommand {
        /**
         * @return the equation family with the parsed settings
         * @throws IllegalArgumentException naming a bad value
         */
        DatasetProblem problem();

        /** @return the options every {@code generate} command shares (samples, seed, sweeps, shard, out, ...) */
        GenerateOptions options();
    }

    /**
     * Refuses an option together with a sweep of the same parameter ({@code --nu 0.5 --vary nu=...}): the sweep
     * would silently win.
     *
     * @param cl      the parsed command line
     * @param options the shared options with the sweeps
     * @throws IllegalArgumentException naming both
     */
    static void checkSweepConflicts(CommandLine cl, GenerateOptions options) {
        for (String v : options.vary) {
            String name = v.contains("=") ? v.substring(0, v.indexOf('=')).trim() : v.trim();
            String option = "--" + name.replace('_', '-');
            if (cl.getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " " + String.join(" ",
                        cl.getParseResult().matchedOption(option).originalStringValues()) + " conflicts with --vary " + v + ": the sweep sets " + name + " per sample; give one of "
                        + "them");
            }
        }
    }

    /**
     * Validates the output path, runs the generator with a progress display, prints the result line to stdout and
     * the elapsed time to stderr.
     *
     * @param spec    the command's spec (for its streams and name)
     * @param options the shared options
     * @param problem the equation family, already validated
     * @return exit status 0
     * @throws Exception any failure, mapped to an exit status by {@link SurrogateCli}
     */
    public static int run(CommandSpec spec, GenerateOptions options, DatasetProblem problem) throws Exception {
        CommandLine cl = spec.commandLine();
        AtomicFiles.checkTarget(options.out, options.force.force);
        checkSweepConflicts(cl, options);
        String history = "surrogate " + String.join(" ", cl.getParseResult().originalArgs());
        DatasetGenerator.Settings settings = options.settings(history);
        DatasetGenerator gen = new DatasetGenerator(problem, settings, options.shard());
        PrintWriter err = cl.getErr();
        ProgressReporter progress = new ProgressReporter(problem.equation(), err, !options.noProgress);
        DatasetGenerator.Result r = gen.generate(options.out, progress);
        DatasetLayout l = gen.layout();
        String shape = l.ny() == 0 ? String.format(Locale.ROOT, "[%d, %d, %d]", r.samples(), l.timeCount(), l.nx())
                : String.format(Locale.ROOT, "[%d, %d, %d, %d]", r.samples(), l.timeCount(), l.ny(), l.nx());
        cl.getOut().println(options.out + " " + problem.equation() + " " + l.fields().get(0).name() + shape);
        cl.getOut().flush();
        err.printf(Locale.ROOT, "generated %s in %.2f s (%.1f samples/s, %s)%n", CliSupport.count(r.samples(),
                "sample"), r.seconds(), r.samples() / r.seconds(),
                CliSupport.count(Math.min(settings.threads(), r.samples()), "thread"));
        if (gen.shard() != null) {
            long first = gen.settings().firstSample();
            err.printf(Locale.ROOT, "shard %s: samples %d .. %d of %d .. %d%n", gen.shard(), first,
                    first + r.samples() - 1, settings.firstSample(), settings.firstSample() + settings.samples() - 1);
        }
        err.flush();
        return 0;
    }
}
