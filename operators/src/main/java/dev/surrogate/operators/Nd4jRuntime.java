package dev.surrogate.operators;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One place for ND4J's process-wide settings: quiet start-up, float32 defaults, thread count.
 *
 * <p>Call {@link #init()} before the first ND4J class loads (first thing in {@code main}). It lowers the log level
 * of ND4J and JavaCPP for an slf4j-simple binding (only the {@code cli} and {@code bench} modules bind one), sets
 * float32 as the default data type and applies the thread count.
 *
 * <p>Threads: the CPU backend's own parallel loops (libnd4j) and OpenBLAS' GEMM threads each default to all
 * cores; on a 2-core machine they fight. {@link #DEFAULT_THREADS} is 1 because it measured best for the FNO-1D
 * benchmark on the 2-core development machine ({@code bench} module, {@code OperatorThroughput}, other jobs
 * running): 1 thread 336-390 training and 1271-1301 inference samples/s; 2 threads with
 * {@code OMP_WAIT_POLICY=PASSIVE} 244-346 and 868-1046; 2 threads with OpenMP's default (spinning) wait policy 40
 * and 479. Override with {@link #requestThreads} (the commands' {@code --threads}) or the system property
 * {@value #THREADS_PROPERTY}; for more than one thread also export
 * {@code OMP_WAIT_POLICY=PASSIVE} before the JVM starts. {@link #init(int) init(1)} also keeps ND4J single-threaded
 * when {@code OMP_NUM_THREADS} is unset (checked: one busy core).
 *
 * <p>SameDiff prints "Added differentiated op ..." lines to {@code System.out} when it builds a gradient graph;
 * {@link #createGradients(SameDiff)} does that step with standard output muted, so results on stdout stay clean.
 */
public final class Nd4jRuntime {
    /** System property overriding the thread count. */
    public static final String THREADS_PROPERTY = "surrogate.threads";
    /** Default thread count (see the class documentation). */
    public static final int DEFAULT_THREADS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(Nd4jRuntime.class);
    private static final Object STDOUT_LOCK = new Object();
    private static boolean initialised;
    private static int requested;

    private Nd4jRuntime() {
    }

    /**
     * Chooses the thread count for {@link #init()} (e.g. from a command's {@code --threads}), applying it at once
     * if ND4J is already set up.
     *
     * @param threads threads for libnd4j loops and OpenBLAS, {@code >= 1}
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static synchronized void requestThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        requested = threads;
        if (initialised) {
            init(threads);
        }
    }

    /**
     * Idempotent set-up with the thread count from {@link #requestThreads}, else {@value #THREADS_PROPERTY}, else
     * {@link #DEFAULT_THREADS}.
     *
     * @throws IllegalArgumentException if the property is not a positive integer
     */
    public static synchronized void init() {
        if (requested > 0) {
            init(requested);
            return;
        }
        String prop = System.getProperty(THREADS_PROPERTY);
        int threads = DEFAULT_THREADS;
        if (prop != null) {
            try {
                threads = Integer.parseInt(prop.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, got '" + prop + "'");
            }
        }
        init(threads);
    }

    /**
     * Idempotent set-up with an explicit thread count; later calls only change the thread count.
     *
     * @param threads threads for libnd4j loops and OpenBLAS, {@code >= 1}
     */
    public static synchronized void init(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        if (!initialised) {
            quietLoggers();
            quietly(() -> {
                Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
                return null;
            });
            initialised = true;
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        LOG.debug("ND4J threads set to {}", threads);
    }

    /**
     * @return the thread count last applied by {@link #init(int)} (read back from ND4J's master-thread setting;
     *         its {@code maxThreads()} getter reports the core count whatever was set)
     */
    public static int threads() {
        return Nd4j.getEnvironment().maxMasterThreads();
    }

    /**
     * Builds the gradient graph of {@code sd} now, with SameDiff's console chatter muted, and applies the
     * {@link GradientRewrites} (products without their unused half, GELU through sigmoid, broadcast gradients by a
     * sum). Training through {@code sd.fit} or {@code calculateGradients} would otherwise build it (and print) on its first call.
     *
     * @param sd a graph with a loss variable marked
     */
    public static void createGradients(SameDiff sd) {
        quietly(() -> {
            sd.createGradFunction();
            return null;
        });
        GradientRewrites.pruneUnusedProductGradients(sd);
        GradientRewrites.geluThroughSigmoid(sd);
        GradientRewrites.cheapBroadcastGradients(sd);
    }

    /**
     * Runs {@code work} with {@code System.out} redirected to nowhere (serialised, since the stream is global).
     *
     * @param work the code to run
     * @param <T>  its result type
     * @return its result
     */
    public static <T> T quietly(Supplier<T> work) {
        synchronized (STDOUT_LOCK) {
            PrintStream saved = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                return work.get();
            } finally {
                System.setOut(saved);
            }
        }
    }

    /** Sets slf4j-simple levels for ND4J's chattiest loggers unless the user already chose them. */
    private static void quietLoggers() {
        for (String logger : new String[] {"org.nd4j", "org.bytedeco", "org.deeplearning4j", "oshi"}) {
            quiet(logger, "warn");
        }
        // warns about duplicate TensorFlow import mappings on every start-up; irrelevant here
        quiet("org.nd4j.imports.converters.ImportClassMapping", "error");
    }

    private static void quiet(String logger, String level) {
        String key = "org.slf4j.simpleLogger.log." + logger;
        if (System.getProperty(key) == null) {
            System.setProperty(key, level);
        }
    }
}
