package dev.surrogate.datasets.generate;

import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.NetcdfDatasetWriter;
import dev.surrogate.datasets.io.VariableSpec;
import dev.surrogate.datasets.random.SampleSeeds;
import dev.surrogate.datasets.shard.Shard;
import dev.surrogate.pde.spectral.RealFft2D;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a dataset of one {@link DatasetProblem}: samples {@code firstSample .. firstSample + samples - 1} are
 * simulated in parallel on {@code threads} workers (one {@link SampleSolver} per worker) and streamed to a NetCDF
 * file in sample order.
 *
 * <p>Memory is bounded: at most {@code 2 * threads} samples are in flight (computing or waiting to be written), in
 * a pool of reused {@link SampleBuffer}s. Each sample depends only on (seed, global index, parameters), so the
 * file's data do not depend on the thread count, and generating samples 0..99 and 100..199 as two shards gives the
 * same samples as one run of 0..199. The file appears under its final name only when complete (see
 * {@link NetcdfDatasetWriter}).
 *
 * <p>A generator built with a {@link Shard} writes only that shard of the set its settings describe, and marks
 * the file as a shard (attributes {@code shard}, {@code shard_set_first_sample}, {@code shard_set_samples}), so that
 * {@link dev.surrogate.datasets.shard.DatasetMerger} can check that all shards are present and join them into
 * exactly the file one run would have written.
 *
 * <pre>{@code
 * DatasetGenerator gen = new DatasetGenerator(new BurgersProblem(BurgersSettings.defaults()),
 *         DatasetGenerator.Settings.of(64, 1).withThreads(2));
 * gen.generate(Path.of("b.nc"), ProgressListener.NONE);
 * }</pre>
 */
public final class DatasetGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetGenerator.class);
    /** How often progress inside running samples is reported. */
    private static final long PROGRESS_INTERVAL_MS = 1000;

    /**
     * How many samples, which ones, how, and with what provenance.
     *
     * @param samples     number of samples, {@code >= 1}
     * @param firstSample global index of the first sample (0 unless generating one shard)
     * @param seed        the dataset's seed
     * @param threads     worker threads, {@code >= 1}
     * @param sweeps      parameters varied across samples (each at most once)
     * @param history     the CF {@code history} text (e.g. the command line); the writer prepends the UTC time
     *                    and the program's version and commit
     */
    public record Settings(int samples, long firstSample, long seed, int threads, List<ParameterSweep> sweeps,
                           String history) {

        /** Validates the counts. */
        public Settings {
            if (samples < 1) {
                throw new IllegalArgumentException("samples must be >= 1, got " + samples);
            }
            if (firstSample < 0) {
                throw new IllegalArgumentException("first sample index must be >= 0, got " + firstSample);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            sweeps = List.copyOf(sweeps);
            Set<String> seen = new HashSet<>();
            for (ParameterSweep s : sweeps) {
                if (!seen.add(s.name())) {
                    throw new IllegalArgumentException("parameter " + s.name() + " is swept twice");
                }
            }
            history = history == null ? "" : history;
        }

        /**
         * @param samples number of samples
         * @param seed    seed
         * @return settings for samples 0..samples-1 on all available processors, nothing swept
         */
        public static Settings of(int samples, long seed) {
            return new Settings(samples, 0, seed, Runtime.getRuntime().availableProcessors(), List.of(),
                    "dev.surrogate.datasets.DatasetGenerator");
        }

        /** @param n worker threads @return a copy with that many threads */
        public Settings withThreads(int n) {
            return new Settings(samples, firstSample, seed, n, sweeps, history);
        }

        /** @param s sweeps @return a copy with these sweeps */
        public Settings withSweeps(List<ParameterSweep> s) {
            return new Settings(samples, firstSample, seed, threads, s, history);
        }

        /** @param first global index of the first sample @return a copy generating a shard */
        public Settings withFirstSample(long first) {
            return new Settings(samples, first, seed, threads, sweeps, history);
        }

        /** @param text provenance text @return a copy with that history */
        public Settings withHistory(String text) {
            return new Settings(samples, firstSample, seed, threads, sweeps, text);
        }
    }

    /**
     * What a finished run produced.
     *
     * @param file    the dataset file
     * @param samples number of samples written
     * @param seconds wall-clock time of the run
     */
    public record Result(Path file, int samples, double seconds) {
    }

    private final DatasetProblem problem;
    /** What this generator writes: the whole set, or one shard of it. */
    private final Settings settings;
    /** The shard written, or {@code null} for the whole set. */
    private final Shard shard;
    /** The whole set (equal to {@link #settings} without a shard). */
    private final Settings set;
    private final SampleSeeds seeds;
    private final List<PhysicalParameter> parameters;
    private final DatasetLayout layout;

    /**
     * @param problem  the equation family
     * @param settings samples, seed, threads, sweeps
     * @throws IllegalArgumentException if a sweep names an unknown parameter or has invalid values for it
     */
    public DatasetGenerator(DatasetProblem problem, Settings settings) {
        this(problem, settings, null);
    }

    /**
     * A generator of one shard of a set: the samples of shard {@code shard} of the set of
     * {@code set.samples()} samples from {@code set.firstSample()} on, identical to those a run of the whole set
     * writes.
     *
     * @param problem the equation family
     * @param set     the whole set: samples, first sample, seed, sweeps; and threads and history of this run
     * @param shard   the shard to write, or {@code null} for the whole set
     * @throws IllegalArgumentException if a sweep names an unknown parameter or has invalid values for it, or the
     *                                  set has fewer samples than shards
     */
    public DatasetGenerator(DatasetProblem problem, Settings set, Shard shard) {
        this.problem = problem;
        this.set = set;
        this.shard = shard;
        if (shard != null) {
            shard.checkFits(set.samples());
        }
        Settings settings = shard == null ? set : new Settings(shard.samples(set.samples()),
                shard.first(set.firstSample(), set.samples()), set.seed(), set.threads(), set.sweeps(), set.history());
        this.settings = settings;
        this.seeds = new SampleSeeds(settings.seed());
        this.parameters = List.copyOf(problem.parameters());
        for (ParameterSweep s : settings.sweeps()) {
            PhysicalParameter p = find(s.name());
            p.check(s.lo());
            p.check(s.hi());
        }
        this.layout = buildLayout();
    }

    private PhysicalParameter find(String name) {
        List<String> known = new ArrayList<>();
        for (PhysicalParameter p : parameters) {
            if (p.name().equals(name)) {
                return p;
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException("cannot vary '" + name + "': " + problem.equation()
                + " has parameters " + known);
    }

    private ParameterSweep sweepOf(String name) {
        for (ParameterSweep s : settings.sweeps()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private DatasetLayout buildLayout() {
        DatasetLayout base = problem.layout();
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("Conventions", "CF-1.8");
        attrs.put("title", problem.equation() + " dataset generated by surrogate");
        attrs.put("equation", problem.equation());
        attrs.put("domain_length", base.domainLength());
        List<VariableSpec> perSample = new ArrayList<>();
        for (PhysicalParameter p : parameters) {
            ParameterSweep s = sweepOf(p.name());
            if (s == null) {
                attrs.put(p.name(), p.value());
            } else {
                perSample.add(p.spec());
                attrs.put(p.name() + "_sweep", s.toString());
            }
        }
        attrs.put("seed", settings.seed());
        attrs.put("first_sample", settings.firstSample());
        if (shard != null) {
            // right after first_sample: the merge removes them and leaves the attributes of a single run
            attrs.put(Shard.ATTRIBUTE, shard.toString());
            attrs.put(Shard.SET_FIRST_SAMPLE, set.firstSample());
            attrs.put(Shard.SET_SAMPLES, (long) set.samples());
        }
        attrs.putAll(base.attributes());
        // history goes last, also when the problem's attributes already held one
        attrs.remove("history");
        // NetcdfDatasetWriter puts the UTC time, version and commit in front of this line when it writes the file
        attrs.put("history", settings.history());
        return new DatasetLayout(base.domainLength(), base.nx(), base.ny(), base.times(), base.fields(), perSample,
                attrs);
    }

    /** @return what this generator writes: the whole set's settings, or those of its shard */
    public Settings settings() {
        return settings;
    }

    /** @return the shard written, or {@code null} when the generator writes the whole set */
    public Shard shard() {
        return shard;
    }

    /** @return the full layout the file will have, with swept parameters and provenance attributes */
    public DatasetLayout layout() {
        return layout;
    }

    /**
     * The parameter values of one sample: the constant value, or the sweep's value for this index.
     *
     * @param globalIndex global sample index
     * @return every parameter of the problem by name
     */
    public Map<String, Double> parameterValues(long globalIndex) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (PhysicalParameter p : parameters) {
            ParameterSweep s = sweepOf(p.name());
            values.put(p.name(), s == null ? p.value() : s.value(seeds, globalIndex));
        }
        return values;
    }

    /**
     * Runs the generation and publishes the file atomically.
     *
     * @param out      target file; its directory must exist; replaced only on success
     * @param listener receives progress (samples written)
     * @return what was written and how long it took
     * @throws SampleFailedException if a sample's simulation failed (no file is left behind)
     * @throws IOException           on a write error or interruption (no file is left behind)
     */
    public Result generate(Path out, ProgressListener listener) throws IOException {
        long start = System.nanoTime();
        int n = settings.samples();
        int threads = Math.min(settings.threads(), n);
        int inFlight = 2 * threads;
        // Parallelism is over samples; JTransforms' own threads would only compete with the workers.
        RealFft2D.singleThreaded();
        ThreadLocal<SampleSolver> solvers = ThreadLocal.withInitial(problem::newSolver);
        AtomicInteger threadCount = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "generate-" + problem.equation() + "-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Deque<SampleBuffer> free = new ArrayDeque<>();
        for (int i = 0; i < inFlight; i++) {
            free.add(new SampleBuffer(layout));
        }
        try (NetcdfDatasetWriter writer = NetcdfDatasetWriter.create(out, layout, settings.firstSample(), n)) {
            listener.started(n);
            Deque<InFlight> pending = new ArrayDeque<>();
            long written = 0;
            for (int i = 0; i < n; i++) {
                if (pending.size() == inFlight) {
                    free.add(writeNext(pending, writer, listener, written, n));
                    listener.progress(++written, n);
                }
                SampleBuffer buf = free.remove();
                buf.resetProgress();
                int local = i;
                pending.add(new InFlight(pool.submit(() -> {
                    compute(solvers.get(), local, buf);
                    return buf;
                }), buf));
            }
            while (!pending.isEmpty()) {
                free.add(writeNext(pending, writer, listener, written, n));
                listener.progress(++written, n);
            }
            writer.commit();
        } finally {
            pool.shutdownNow();
            listener.finished();
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        LOG.info("wrote {} samples of {} to {} in {} s", n, problem.equation(), out, String.format("%.2f", seconds));
        return new Result(out, n, seconds);
    }

    /**
     * Simulates one sample into a buffer on the calling thread (what a worker does); useful to inspect a single
     * sample without writing a file.
     *
     * @param solver      a solver of this generator's problem
     * @param localIndex  index within this run, in [0, samples)
     * @param buffer      receives the fields and per-sample parameters
     * @throws SampleFailedException if the simulation fails
     */
    public void compute(SampleSolver solver, int localIndex, SampleBuffer buffer) {
        long global = settings.firstSample() + localIndex;
        Map<String, Double> values = parameterValues(global);
        try {
            solver.solve(new SampleContext(global, seeds, values), buffer);
        } catch (RuntimeException ex) {
            StringBuilder where = new StringBuilder("sample " + global);
            if (!settings.sweeps().isEmpty()) {
                where.append(" (");
                for (int i = 0; i < settings.sweeps().size(); i++) {
                    String name = settings.sweeps().get(i).name();
                    where.append(i > 0 ? ", " : "").append(name).append('=').append(values.get(name));
                }
                where.append(')');
            }
            throw new SampleFailedException(global, where + ": " + ex.getMessage(), ex);
        }
        List<VariableSpec> perSample = layout.sampleParameters();
        double[] p = buffer.parameters();
        for (int k = 0; k < perSample.size(); k++) {
            p[k] = values.get(perSample.get(k).name());
        }
        buffer.localIndex(localIndex);
    }

    /** A sample submitted to the workers, with the buffer it is computed into. */
    private record InFlight(Future<SampleBuffer> future, SampleBuffer buffer) {
    }

    /**
     * Waits for the oldest sample in flight and writes it; while waiting, reports the simulated-time progress of
     * all samples in flight about once a second.
     */
    private static SampleBuffer writeNext(Deque<InFlight> pending, NetcdfDatasetWriter writer,
            ProgressListener listener, long written, long total) throws IOException {
        Future<SampleBuffer> head = pending.peek().future();
        SampleBuffer buf;
        try {
            while (true) {
                try {
                    buf = head.get(PROGRESS_INTERVAL_MS, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException ex) {
                    double done = written;
                    for (InFlight f : pending) {
                        done += f.buffer().simulatedFraction();
                    }
                    listener.partialProgress(done, total);
                }
            }
            pending.remove();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("dataset generation interrupted");
        } catch (ExecutionException ex) {
            Throwable c = ex.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new IOException(c);
        }
        writer.writeSample(buf.localIndex(), buf.fields(), buf.parameters());
        return buf;
    }
}
