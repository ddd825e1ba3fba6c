package dev.surrogate.cli;

import dev.surrogate.generative.flow.FlowForecaster;
import dev.surrogate.generative.flow.FlowModel;
import dev.surrogate.generative.sampling.DormandPrinceSampler;
import dev.surrogate.generative.sampling.Sampler;
import dev.surrogate.generative.sampling.Samplers;
import dev.surrogate.generative.sampling.StochasticSampler;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How {@code predict} and {@code evaluate} draw from a flow model; include with {@code @ArgGroup}. */
final class FlowSamplingOptions {

    @Option(names = "--sampler", paramLabel = "NAME",
            description = "Flow models: euler, heun, rk4 (--steps equal steps; 1, 2, 4 velocity evaluations per step), "
                    + "dopri (adaptive Dormand-Prince 5(4), --rtol/--atol; dopri853: 8(5,3)), stochastic (PBFM's "
                    + "re-noising sampler below --switch-time, Euler above). Default: euler.")
    String sampler;

    @Option(names = "--steps", paramLabel = "N",
            description = "Flow models: steps of the fixed-step and stochastic samplers. Default: "
                    + Samplers.DEFAULT_STEPS + ".")
    Integer steps;

    @Option(names = "--rtol", paramLabel = "R",
            description = "Flow models: relative tolerance of dopri. Default: " + DormandPrinceSampler.DEFAULT_RTOL
                    + ".")
    Double rtol;

    @Option(names = "--atol", paramLabel = "A",
            description = "Flow models: absolute tolerance of dopri (normalised units). Default: "
                    + DormandPrinceSampler.DEFAULT_ATOL + ".")
    Double atol;

    @Option(names = "--switch-time", paramLabel = "T",
            description = "Flow models: the stochastic sampler re-noises at step times below T. Default: "
                    + StochasticSampler.DEFAULT_SWITCH + " (PBFM's).")
    Double switchTime;

    /** @return whether any option was given */
    boolean given() {
        return sampler != null || steps != null || rtol != null || atol != null || switchTime != null;
    }

    /**
     * @param model a model directory
     * @throws IllegalArgumentException if sampler options were given for a model that is not a flow
     */
    void checkApplies(Path model) {
        if (given()) {
            throw new IllegalArgumentException("--sampler, --steps, --rtol, --atol and --switch-time apply to flow "
                    + "models; " + model + " is not one");
        }
    }

    /**
     * @param flow the loaded flow
     * @return its forecaster with the chosen sampler
     */
    FlowForecaster forecaster(FlowModel flow) {
        Sampler s = Samplers.create(sampler == null ? "euler" : sampler, steps == null ? Samplers.DEFAULT_STEPS : steps,
                rtol == null ? DormandPrinceSampler.DEFAULT_RTOL : rtol,
                atol == null ? DormandPrinceSampler.DEFAULT_ATOL : atol,
                switchTime == null ? StochasticSampler.DEFAULT_SWITCH : switchTime, flow.settings().path());
        return new FlowForecaster(flow, s);
    }
}
