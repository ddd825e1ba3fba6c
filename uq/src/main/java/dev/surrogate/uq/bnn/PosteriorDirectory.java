package dev.surrogate.uq.bnn;

import dev.surrogate.datasets.io.AtomicFiles;
import dev.surrogate.operators.training.Json;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.NpzArrays;
import dev.surrogate.uq.hmc.Chain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The files of a sampled Bayesian operator. It is also a model directory of the trained operator the chains
 * started from ({@code config.json}, {@code weights.npz}: {@code predict} and {@code evaluate} without
 * {@code --samples} use those weights), plus
 * <ul>
 *   <li>{@value #REPORT}: the method, what was sampled (all weights or the last layers), prior, noise model,
 *       sampler settings, per-chain statistics and the run's diagnostics (R-hat, bulk ESS, acceptance,
 *       divergences, seconds);</li>
 *   <li>{@value #DRAWS}: the thinned posterior draws of the sampled weights, one array per weight with a leading
 *       draw axis, and {@code noise_scale} per draw (NumPy {@code .npz}, float32);</li>
 *   <li>{@value #CHAINS}{@code /chain-C.npz}: each finished chain's draws as position vectors, potentials, mass
 *       matrix and statistics, so a killed run resumes chain by chain.</li>
 * </ul>
 * Every file is written to a temporary file and renamed.
 */
public final class PosteriorDirectory {
    /** Method, settings and diagnostics (JSON). */
    public static final String REPORT = "hmc.json";
    /** Posterior draws of the sampled weights. */
    public static final String DRAWS = "posterior.npz";
    /** Directory of the finished chains. */
    public static final String CHAINS = "chains";

    private static final String CHAIN_STATE = "chain.json";
    private final Path dir;

    /** @param dir the directory */
    public PosteriorDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * @param dir a directory
     * @return whether it holds a finished posterior ({@value #REPORT} and {@value #DRAWS})
     */
    public static boolean isPosterior(Path dir) {
        return Files.isRegularFile(dir.resolve(REPORT)) && Files.isRegularFile(dir.resolve(DRAWS));
    }

    /** @return the directory */
    public Path path() {
        return dir;
    }

    /** @return the directory as a model directory (config and starting weights) */
    public ModelDirectory model() {
        return new ModelDirectory(dir);
    }

    /** Creates the directory and its chain directory. */
    public void create() {
        try {
            Files.createDirectories(dir.resolve(CHAINS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies the trained model's {@code config.json} and {@code weights.npz}.
     *
     * @param trained the trained model directory
     */
    public void copyModel(ModelDirectory trained) {
        for (String f : new String[] {ModelDirectory.CONFIG, ModelDirectory.WEIGHTS}) {
            try {
                AtomicFiles.write(dir.resolve(f), Files.readAllBytes(trained.file(f)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + trained.file(f) + ": " + e.getMessage(), e);
            }
        }
    }

    /** @param report written as {@value #REPORT} */
    public void writeReport(Map<String, Object> report) {
        Json.write(dir.resolve(REPORT), report);
    }

    /**
     * @return the report
     * @throws IllegalArgumentException if there is none
     */
    public Map<String, Object> readReport() {
        if (!Files.isRegularFile(dir.resolve(REPORT))) {
            throw new IllegalArgumentException(dir + " has no " + REPORT);
        }
        return Json.read(dir.resolve(REPORT));
    }

    /** @return whether a report exists */
    public boolean hasReport() {
        return Files.isRegularFile(dir.resolve(REPORT));
    }

    /** @param draws written as {@value #DRAWS} */
    public void writeDraws(WeightDraws draws) {
        NpzArrays.write(dir.resolve(DRAWS), draws.toArrays(), Map.of());
    }

    /**
     * @return the posterior draws
     * @throws IllegalArgumentException if there are none
     */
    public WeightDraws readDraws() {
        if (!Files.isRegularFile(dir.resolve(DRAWS))) {
            throw new IllegalArgumentException(dir + " has no " + DRAWS + " (did sampling finish?)");
        }
        return WeightDraws.fromArrays(NpzArrays.read(dir.resolve(DRAWS)).arrays());
    }

    private Path chainFile(int index) {
        return dir.resolve(CHAINS).resolve("chain-" + index + ".npz");
    }

    /** @param c a finished chain, written as {@code chains/chain-C.npz} */
    public void writeChain(Chain c) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        int n = c.draws().length;
        int d = n == 0 ? 0 : c.draws()[0].length;
        float[] draws = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                draws[i * d + j] = (float) c.draws()[i][j];
            }
        }
        arrays.put("draws", Nd4j.create(draws, new long[] {n, d}, 'c'));
        arrays.put("potentials", Nd4j.createFromArray(c.potentials()).castTo(DataType.FLOAT));
        arrays.put("inverse_mass", Nd4j.createFromArray(c.inverseMass()).castTo(DataType.FLOAT));
        NpzArrays.write(chainFile(c.index()), arrays, Map.of(CHAIN_STATE, Json.pretty(chainStatistics(c))));
    }

    /**
     * @param c a chain
     * @return its statistics as plain values
     */
    public static Map<String, Object> chainStatistics(Chain c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", c.index());
        m.put("draws", c.draws().length);
        m.put("acceptance", c.meanAcceptance());
        m.put("accepted_fraction", c.acceptedFraction());
        m.put("divergences", c.divergences());
        m.put("warmup_divergences", c.warmupDivergences());
        m.put("warmup_acceptance", c.warmupAcceptance());
        m.put("step_size", c.stepSize());
        m.put("seconds", c.seconds());
        m.put("gradient_evaluations", c.gradients());
        return m;
    }

    /**
     * @param index chain index
     * @return the chain if its file exists (draws and potentials as stored, in float32 precision)
     */
    public Optional<Chain> readChain(int index) {
        Path f = chainFile(index);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        NpzArrays.Contents c = NpzArrays.read(f);
        Map<String, Object> s = Json.parseObject(c.texts().get(CHAIN_STATE));
        INDArray a = c.arrays().get("draws");
        int n = (int) a.size(0);
        int d = (int) a.size(1);
        double[] flat = a.dup('c').data().asDouble();
        double[][] draws = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, draws[i], 0, d);
        }
        return Optional.of(new Chain(index, draws, c.arrays().get("potentials").dup().data().asDouble(),
                num(s, "acceptance"), num(s, "accepted_fraction"), (int) num(s, "divergences"),
                (int) num(s, "warmup_divergences"), num(s, "warmup_acceptance"), num(s, "step_size"),
                c.arrays().get("inverse_mass").dup().data().asDouble(), num(s, "seconds"),
                (long) num(s, "gradient_evaluations")));
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        // JSON has no NaN: Json writes it as a string or null
        return Double.NaN;
    }

    /**
     * @return the posterior predictive of a finished posterior
     * @throws IllegalArgumentException if the directory is incomplete
     */
    public PosteriorPredictive load() {
        ModelDirectory m = model();
        ModelConfig config = m.readConfig();
        Map<String, Object> report = readReport();
        Object method = report.getOrDefault("method", "hmc");
        return new PosteriorPredictive(config, m.readWeights(), readDraws(), method.toString());
    }
}
