package dev.surrogate.cli;

import dev.surrogate.generative.Generative;
import dev.surrogate.generative.flow.FlowForecaster;
import dev.surrogate.generative.flow.FlowMatchingObjective;
import dev.surrogate.generative.flow.FlowModel;
import dev.surrogate.generative.flow.FlowNoise;
import dev.surrogate.generative.flow.FlowSettings;
import dev.surrogate.generative.flow.Parameterization;
import dev.surrogate.generative.flow.TimeDistribution;
import dev.surrogate.generative.sampling.DormandPrinceSampler;
import dev.surrogate.generative.sampling.Sampler;
import dev.surrogate.generative.sampling.Samplers;
import dev.surrogate.generative.sampling.StochasticSampler;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Predictor;
import dev.surrogate.operators.training.Trainer;
import dev.surrogate.uq.compare.CompareContext;
import dev.surrogate.uq.compare.MethodOptions;
import dev.surrogate.uq.compare.UqMethod;
import dev.surrogate.uq.compare.UqMethods;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The flow-matching surrogate of {@code generative} as a {@code uq compare} method ({@code flow}), wired here
 * because {@code generative} and {@code uq} do not depend on each other. Its directory is a flow model directory
 * (as {@code train flow} writes it), trained with the comparison's recipe and architecture as the velocity network
 * (time as a constant channel) and resumed from its checkpoint; K members are K draws. Options:
 * {@code flow.noise} ({@code white} or {@code grf[:TAU:ALPHA]}), {@code flow.sigma_min}, {@code flow.time}
 * ({@code uniform} or {@code logit_normal[:M:S]}), {@code flow.parameterization} ({@code velocity} or
 * {@code data[:MIN_NOISE]}), {@code flow.sampler} ({@code euler}, {@code heun}, {@code rk4},
 * {@code dopri}, {@code dopri853}, {@code stochastic}; default euler), {@code flow.steps} (20), {@code flow.rtol},
 * {@code flow.atol}, {@code flow.switch_time}. Train seconds: the sum of its epochs' seconds. Diagnostics:
 * {@code nfe} (velocity evaluations per member forecast) and {@code seconds_per_sample}, over all draws of the
 * comparison so far.
 */
final class FlowUqMethod implements UqMethod {
    /** Registered name. */
    static final String NAME = "flow";

    private final FlowSettings settings;
    private final String sampler;
    private final int steps;
    private final double rtol;
    private final double atol;
    private final double switchTime;
    private final Map<String, Object> given = new LinkedHashMap<>();

    /** Registers the method with {@link UqMethods#REGISTRY} (idempotent). */
    static void register() {
        UqMethods.REGISTRY.register(NAME, m -> new FlowUqMethod(UqMethods.options(m)));
    }

    FlowUqMethod(MethodOptions options) {
        FlowSettings s = FlowSettings.defaults();
        String noise = options.text("flow.noise", null);
        if (noise != null) {
            s = s.withNoise(FlowNoise.parse(noise));
        }
        if (options.has("flow.sigma_min")) {
            s = s.withSigmaMin(options.real("flow.sigma_min", 0));
        }
        String time = options.text("flow.time", null);
        if (time != null) {
            s = s.withTime(TimeDistribution.parse(time));
        }
        String parameterization = options.text("flow.parameterization", null);
        if (parameterization != null) {
            s = s.withParameterization(Parameterization.parse(parameterization));
        }
        this.settings = s;
        this.sampler = options.text("flow.sampler", "euler");
        if (!Samplers.NAMES.contains(sampler)) {
            throw new IllegalArgumentException("option flow.sampler=" + sampler + ": expected one of "
                    + Samplers.NAMES);
        }
        this.steps = options.integer("flow.steps", Samplers.DEFAULT_STEPS);
        this.rtol = options.real("flow.rtol", DormandPrinceSampler.DEFAULT_RTOL);
        this.atol = options.real("flow.atol", DormandPrinceSampler.DEFAULT_ATOL);
        this.switchTime = options.real("flow.switch_time", StochasticSampler.DEFAULT_SWITCH);
        if (steps < 1) {
            throw new IllegalArgumentException("option flow.steps must be >= 1, got " + steps);
        }
        given.put("flow", settings.toMap());
    }

    @Override
    public Map<String, Object> settings() {
        // the sampler only affects drawing, so another sampler may reuse the trained flow
        return given;
    }

    @Override
    public Fitted fit(CompareContext ctx, Path dir) {
        Generative.register();
        ModelDirectory md = new ModelDirectory(dir);
        boolean trained = false;
        if (ctx.trainingAllowed()) {
            trained = ctx.trainOrResume(md, NAME, (train, notes) -> {
                FlowMatchingObjective o = FlowMatchingObjective.fit(settings, train);
                NeuralOperator net = ctx.models().build(new dev.surrogate.uq.compare.ModelFactory.Request(
                        o.layout().inputChannels(), o.layout().targetChannels(), ctx.train().spatialShape().length,
                        0, false, ctx.seed()));
                ctx.listener().note(String.format(Locale.ROOT, "%s: training (%d epochs)", NAME,
                        ctx.recipe().epochs()));
                return new Trainer(net, o, o.fitNormalizer(train), ctx.trainingSettings(ctx.seed()))
                        .withDataNotes(notes);
            });
        } else if (!FlowModel.isFlow(dir)) {
            throw new IllegalArgumentException(dir + " holds no flow model (train one with 'train flow')");
        }
        FlowModel flow = new FlowModel(Predictor.load(dir));
        Sampler s = Samplers.create(sampler, steps, rtol, atol, switchTime, flow.settings().path());
        FlowForecaster forecaster = new FlowForecaster(flow, s);
        double seconds = Double.NaN;
        if (md.hasCheckpoint()) {
            List<EpochRecord> history = md.readCheckpoint().history();
            seconds = history.stream().mapToDouble(EpochRecord::seconds).sum();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sampler", forecaster.samplerSettings());
        details.put("epochs", flow.config().training().epochs());
        return new Fitted(forecaster, seconds, trained, details);
    }

    @Override
    public Map<String, Double> diagnostics(Fitted fitted, INDArray input) {
        FlowForecaster f = (FlowForecaster) fitted.forecaster();
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("nfe", f.meanNfe());
        d.put("seconds_per_sample", f.secondsPerSample());
        return d;
    }
}
