package dev.surrogate.uq.bnn;

import dev.surrogate.datasets.Provenance;
import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.operators.data.Seeds;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.Json;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.ModelRegistry;
import dev.surrogate.uq.hmc.Chain;
import dev.surrogate.uq.hmc.HamiltonianMonteCarlo;
import dev.surrogate.uq.hmc.HmcObserver;
import dev.surrogate.uq.hmc.HmcRun;
import dev.surrogate.uq.hmc.HmcSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HMC over the weights of a trained operator, end to end: the {@link WeightPosterior} of the training pairs, chains
 * started from the trained weights ({@link HamiltonianMonteCarlo}, resumable chain by chain), diagnostics, and the
 * {@link PosteriorPredictive} over the thinned draws, all written to a {@link PosteriorDirectory}.
 *
 * <p>The reference configuration of the seed paper's comparison: FNO-1D width 8, 16 modes, 4 layers on Burgers
 * {@code u(0) -> u(0.5)}, 100 leapfrog steps, prior precision 100, chains started from trained weights
 * ({@link Settings#reference}).
 */
public final class WeightHmc {
    private static final Logger LOG = LoggerFactory.getLogger(WeightHmc.class);
    /** Stream of the seeded order in which draws are stored (so any K members span all chains). */
    private static final long DRAW_ORDER_STREAM = 0x6f72646572L;

    private WeightHmc() {
    }

    /**
     * Settings of a weight-space HMC run.
     *
     * @param hmc            sampler settings
     * @param priorPrecision precision {@code lambda} of the isotropic Gaussian prior on the sampled weights
     * @param noise          fixed or sampled likelihood noise scale
     * @param layers         which weights are sampled
     * @param batchSize      training pairs per forward pass of the likelihood
     */
    public record Settings(HmcSettings hmc, double priorPrecision, NoiseModel noise, LayerSelection layers,
            int batchSize) {

        /**
         * @param seed the seed
         * @return the reference settings: 4 chains, 100 leapfrog steps, 200 warm-up iterations, 100 draws each, prior
         *         precision 100, noise scale sampled (started at the training RMS error), all weights, identity mass
         *         matrix, batches of 100 pairs
         */
        public static Settings reference(long seed) {
            HmcSettings h = HmcSettings.defaults(seed).withWarmup(200).withDraws(100).withLeapfrogSteps(100)
                    .withAdaptMass(false);
            return new Settings(h, 100, NoiseModel.sampledFromTrainingError(), LayerSelection.all(), 100);
        }

        /** @return plain values for JSON */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sampler", hmc.toMap());
            m.put("prior_precision", priorPrecision);
            m.put("noise", noise.toMap());
            m.put("layers", layers.toString());
            m.put("batch_size", batchSize);
            return m;
        }
    }

    /**
     * What a run produced.
     *
     * @param run        chains and diagnostics
     * @param predictive the posterior predictive
     * @param report     the contents of {@value PosteriorDirectory#REPORT}
     */
    public record Result(HmcRun run, PosteriorPredictive predictive, Map<String, Object> report) {
    }

    /**
     * Samples the posterior and writes {@code out}.
     *
     * @param trained   the trained model directory the chains start from (a plain-output operator)
     * @param train     the training pairs of the likelihood (same grid, task and fields as the model)
     * @param settings  run settings
     * @param out       posterior directory to write
     * @param resume    keep the chains {@code out} already has (same settings) and run only the missing ones
     * @param dataNotes facts about the training data for the report (file, samples)
     * @param observer  progress observer (may be a no-op)
     * @return the run, the predictive and the report
     * @throws IllegalArgumentException if the data do not fit the model, or {@code out} holds another run
     */
    public static Result sample(ModelDirectory trained, TaskDataset train, Settings settings, PosteriorDirectory out,
            boolean resume, Map<String, Object> dataNotes, HmcObserver observer) {
        ModelConfig config = trained.readConfig();
        checkData(config, train);
        Map<String, INDArray> weights = trained.readWeights();
        NeuralOperator model = ModelRegistry.create(config.modelType(), config.model());
        Map<String, Object> settingsMap = settings.toMap();
        if (out.hasReport()) {
            Map<String, Object> saved = out.readReport();
            if (!resume) {
                throw new IllegalArgumentException(out.path() + " already holds an HMC run; add --resume to continue "
                        + "it or choose another directory");
            }
            // compared as JSON text: the saved numbers come back as other boxed types
            if (!sameJson(settingsMap, saved.get("settings")) || !sameJson(dataNotes, saved.get("data"))) {
                throw new IllegalArgumentException("cannot resume " + out.path() + ": it was sampled with settings "
                        + saved.get("settings") + " on data " + saved.get("data") + ", now " + settingsMap + " on "
                        + dataNotes);
            }
        }
        out.create();
        out.copyModel(trained);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", "sampling");
        report.put("settings", settingsMap);
        report.put("data", dataNotes);
        out.writeReport(report);

        HmcSettings h = settings.hmc();
        try (WeightPosterior posterior = WeightPosterior.build(model, config.normalizer(), weights, train,
                settings.priorPrecision(), settings.noise(), settings.layers(), settings.batchSize())) {
            HamiltonianMonteCarlo sampler = new HamiltonianMonteCarlo(h);
            List<Chain> chains = new ArrayList<>();
            for (int c = 0; c < h.chains(); c++) {
                Optional<Chain> done = resume ? out.readChain(c) : Optional.empty();
                if (done.isPresent()) {
                    LOG.info("chain {} restored from {}", c, out.path());
                    chains.add(done.get());
                    continue;
                }
                Chain chain = sampler.chain(c, posterior, posterior.start(), observer);
                out.writeChain(chain);
                chains.add(chain);
            }
            double seconds = chains.stream().mapToDouble(Chain::seconds).sum();
            HmcRun run = new HmcRun(h, chains, seconds);
            WeightDraws draws = WeightDraws.of(posterior.layout(), drawOrder(run, h.seed()), posterior::noiseScale);
            String method = settings.layers().isAll() ? "hmc" : "hmc[" + settings.layers() + "]";
            report = report(method, config, weights, posterior, settings, run, draws, dataNotes);
            out.writeDraws(draws);
            out.writeReport(report);
            return new Result(run, new PosteriorPredictive(config, weights, draws, method), report);
        }
    }

    private static boolean sameJson(Object a, Object b) {
        return Json.compact(a == null ? null : Json.parseObject(Json.compact(a))).equals(Json.compact(b));
    }

    /** The pooled draws in a seeded order, so that the first K of them come from all chains and all times. */
    private static List<double[]> drawOrder(HmcRun run, long seed) {
        List<double[]> all = new ArrayList<>(Arrays.asList(run.pooledDraws()));
        Xoshiro256StarStar rng = new Xoshiro256StarStar(Seeds.mix(seed, DRAW_ORDER_STREAM));
        for (int i = all.size() - 1; i > 0; i--) {
            int j = (int) Math.floorMod(rng.nextLong(), (long) (i + 1));
            double[] t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        return all;
    }

    private static Map<String, Object> report(String method, ModelConfig config, Map<String, INDArray> weights,
            WeightPosterior posterior, Settings settings, HmcRun run, WeightDraws draws,
            Map<String, Object> dataNotes) {
        long total = 0;
        for (INDArray w : weights.values()) {
            total += w.length();
        }
        int sampled = posterior.layout().size();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("status", "done");
        r.put("method", method);
        r.put("sampled", settings.layers().isAll()
                ? "all weights (" + sampled + " of " + total + " parameters)"
                : "last " + settings.layers().lastLayers() + " layers only (" + sampled + " of " + total
                        + " parameters; the others fixed at their trained values)");
        r.put("sampled_weights", posterior.layout().names());
        r.put("parameters_sampled", sampled);
        r.put("parameters_total", total);
        r.put("model", config.modelType());
        r.put("settings", settings.toMap());
        r.put("likelihood_values", posterior.observations());
        r.put("training_rmse", posterior.trainingRmse());
        double[] sigma = new double[draws.size()];
        for (int d = 0; d < sigma.length; d++) {
            sigma[d] = draws.noiseScale(d);
        }
        r.put("noise_scale_mean", Arrays.stream(sigma).average().orElse(Double.NaN));
        r.put("noise_scale_min", Arrays.stream(sigma).min().orElse(Double.NaN));
        r.put("noise_scale_max", Arrays.stream(sigma).max().orElse(Double.NaN));
        r.put("draws", draws.size());
        r.put("data", dataNotes);
        r.put("diagnostics", run.summary().toMap());
        List<Object> chains = new ArrayList<>();
        for (Chain c : run.chains()) {
            chains.add(PosteriorDirectory.chainStatistics(c));
        }
        r.put("chains", chains);
        r.put("provenance", Provenance.current().toMap());
        return r;
    }

    private static void checkData(ModelConfig config, TaskDataset train) {
        if (!Arrays.equals(config.trainedShape(), train.spatialShape())
                || !config.task().equals(train.task())
                || !config.fields().equals(train.source().fieldNames())) {
            throw new IllegalArgumentException("data do not match the trained model: model grid "
                    + Arrays.toString(config.trainedShape()) + ", task " + config.task().config() + ", fields "
                    + config.fields() + "; data grid " + Arrays.toString(train.spatialShape()) + ", task "
                    + train.task().config() + ", fields " + train.source().fieldNames());
        }
    }
}
