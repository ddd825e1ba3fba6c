package dev.surrogate.uq.compare;

import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Trainer;
import dev.surrogate.uq.bnn.LayerSelection;
import dev.surrogate.uq.bnn.NoiseModel;
import dev.surrogate.uq.bnn.PosteriorDirectory;
import dev.surrogate.uq.bnn.WeightHmc;
import dev.surrogate.uq.hmc.HmcObserver;
import dev.surrogate.uq.hmc.HmcSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hamiltonian Monte Carlo over an operator's weights as a comparison method ({@code hmc}): a plain-output operator
 * is trained with the comparison's recipe and architecture in {@code DIR/base} (resumed from its checkpoint), then
 * {@link WeightHmc} samples the posterior of its weights, chains started at the trained weights, into
 * {@code DIR/posterior} (chains finished by an interrupted run are kept); the forecast is the posterior predictive,
 * member m one posterior draw plus the sampled Gaussian noise. The likelihood is that of the fitting trajectories
 * (or their first {@code hmc.likelihood_samples}).
 *
 * <p>Options: {@code hmc.layers} ({@code all} or {@code last:K}; default {@value #DEFAULT_LAYERS}, the projection
 * only: sampling all weights of a width-64 operator needs far longer chains than a comparison can afford),
 * {@code hmc.chains} (4), {@code hmc.warmup} (100), {@code hmc.draws} (50 per chain), {@code hmc.leapfrog_steps}
 * (20), {@code hmc.prior_precision} (100), {@code hmc.noise} ({@code sampled}, {@code fixed} or a number),
 * {@code hmc.likelihood_samples} (all fitting trajectories), {@code hmc.batch} (100 pairs per forward pass). With
 * {@code --models}, the directory may also be a posterior written by {@code uq hmc}.
 *
 * <p>Train seconds: the base model's epochs plus the chains' sampling time. The row's details carry the chain
 * diagnostics (split R-hat, bulk ESS, acceptance, divergences), so a poorly mixed posterior is visible next to its
 * scores.
 */
public final class HmcMethod implements UqMethod {
    /** Registered name. */
    public static final String NAME = "hmc";
    /** Default layer selection. */
    public static final String DEFAULT_LAYERS = "last:2";
    /** Subdirectory of the trained starting point. */
    static final String BASE = "base";
    /** Subdirectory of the posterior. */
    static final String POSTERIOR = "posterior";

    private final LayerSelection layers;
    private final String noiseText;
    private final NoiseModel noise;
    private final int chains;
    private final int warmup;
    private final int draws;
    private final int leapfrogSteps;
    private final double priorPrecision;
    private final int likelihoodSamples;
    private final int batch;

    /**
     * @param options the {@code hmc.*} options above
     * @throws IllegalArgumentException for bad values, naming the option
     */
    public HmcMethod(MethodOptions options) {
        this.layers = LayerSelection.parse(options.text("hmc.layers", DEFAULT_LAYERS));
        this.noiseText = options.text("hmc.noise", "sampled");
        this.noise = NoiseModel.parse(noiseText);
        this.chains = positive(options, "hmc.chains", 4);
        this.warmup = positive(options, "hmc.warmup", 100);
        this.draws = positive(options, "hmc.draws", 50);
        this.leapfrogSteps = positive(options, "hmc.leapfrog_steps", 20);
        this.priorPrecision = options.real("hmc.prior_precision", 100);
        if (!(priorPrecision > 0) || !Double.isFinite(priorPrecision)) {
            throw new IllegalArgumentException("option hmc.prior_precision must be positive and finite, got "
                    + priorPrecision);
        }
        this.likelihoodSamples = options.integer("hmc.likelihood_samples", 0);
        if (likelihoodSamples < 0) {
            throw new IllegalArgumentException("option hmc.likelihood_samples must be >= 1 (or absent for all), got "
                    + likelihoodSamples);
        }
        this.batch = positive(options, "hmc.batch", 100);
    }

    private static int positive(MethodOptions options, String key, int fallback) {
        int v = options.integer(key, fallback);
        if (v < 1) {
            throw new IllegalArgumentException("option " + key + " must be >= 1, got " + v);
        }
        return v;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", layers.toString());
        m.put("chains", chains);
        m.put("warmup", warmup);
        m.put("draws", draws);
        m.put("leapfrog_steps", leapfrogSteps);
        m.put("prior_precision", priorPrecision);
        m.put("noise", noiseText);
        m.put("likelihood_samples", likelihoodSamples == 0 ? "all" : likelihoodSamples);
        return m;
    }

    /** @return the sampler settings of this method with the comparison's seed */
    WeightHmc.Settings hmcSettings(long seed) {
        HmcSettings h = HmcSettings.defaults(seed).withChains(chains).withWarmup(warmup).withDraws(draws)
                .withLeapfrogSteps(leapfrogSteps).withAdaptMass(false);
        return new WeightHmc.Settings(h, priorPrecision, noise, layers, batch);
    }

    /** {@inheritDoc} */
    @Override
    public Fitted fit(CompareContext ctx, Path dir) {
        Path base = dir.resolve(BASE);
        Path post = dir.resolve(POSTERIOR);
        boolean trained = false;
        double seconds = 0;
        if (ctx.trainingAllowed()) {
            trained = trainBase(ctx, new ModelDirectory(base));
            PosteriorDirectory pd = new PosteriorDirectory(post);
            boolean done = pd.hasReport() && "done".equals(pd.readReport().get("status"));
            if (!done) {
                int[] fit = ctx.fitSamples();
                int n = likelihoodSamples == 0 ? fit.length : Math.min(likelihoodSamples, fit.length);
                TaskDataset data = new TaskDataset(ctx.train(), ctx.task(), Arrays.copyOf(fit, n));
                Map<String, Object> notes = ctx.dataNotes();
                notes.put("train_samples", n);
                notes.put("start_model", base.toAbsolutePath().normalize().toString());
                ctx.listener().note(String.format(Locale.ROOT, "%s: sampling %s weights, %d chains x (%d warm-up + "
                        + "%d) iterations of %d leapfrog steps, likelihood of %d trajectories", NAME, layers, chains,
                        warmup, draws, leapfrogSteps, n));
                WeightHmc.sample(new ModelDirectory(base), data, hmcSettings(ctx.seed()), pd, true, notes,
                        observer(ctx));
                trained = true;
            }
        } else if (PosteriorDirectory.isPosterior(dir)) {
            post = dir;
        } else if (!PosteriorDirectory.isPosterior(post)) {
            throw new IllegalArgumentException(dir + " holds no HMC posterior (neither " + PosteriorDirectory.REPORT
                    + " nor " + POSTERIOR + "/" + PosteriorDirectory.REPORT + ")");
        }
        ModelDirectory bmd = new ModelDirectory(base);
        if (bmd.hasCheckpoint()) {
            List<EpochRecord> history = bmd.readCheckpoint().history();
            seconds += history.stream().mapToDouble(EpochRecord::seconds).sum();
        }
        PosteriorDirectory pd = new PosteriorDirectory(post);
        Map<String, Object> report = pd.readReport();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sampled", report.get("sampled"));
        details.put("posterior_draws", report.get("draws"));
        details.put("noise_scale_mean", report.get("noise_scale_mean"));
        if (report.get("diagnostics") instanceof Map<?, ?> d) {
            for (String k : List.of("max_split_rhat", "min_bulk_ess", "potential_split_rhat", "acceptance",
                    "divergences", "gradient_evaluations", "seconds")) {
                if (d.containsKey(k)) {
                    details.put(k.equals("seconds") ? "sampling_seconds" : k, d.get(k));
                }
            }
            if (d.get("seconds") instanceof Number s) {
                seconds += s.doubleValue();
            }
        }
        return new Fitted(pd.load(), seconds, trained, details);
    }

    /** Trains (or resumes) the plain-output starting point; @return whether anything trained. */
    private static boolean trainBase(CompareContext ctx, ModelDirectory md) {
        return ctx.trainOrResume(md, NAME + " base", (train, notes) -> {
            NeuralOperator model = ctx.models().build(ctx.modelRequest(0, false, ctx.seed()));
            ctx.listener().note(String.format(Locale.ROOT, "%s: training the base model (%d epochs)", NAME,
                    ctx.recipe().epochs()));
            return new Trainer(model, Loss.byName("rel_l2", ctx.train().domainLengths()), Normalizer.fit(train),
                    ctx.trainingSettings(ctx.seed())).withDataNotes(notes);
        });
    }

    /** Notes a line per finished chain. */
    private static HmcObserver observer(CompareContext ctx) {
        return new HmcObserver() {
            @Override
            public void finish(int chain, double stepSize, double[] inverseMass) {
                ctx.listener().note(String.format(Locale.ROOT, "%s: chain %d done (step size %.3g)", NAME, chain,
                        stepSize));
            }
        };
    }
}
