package dev.surrogate.generative.sampling;

import dev.surrogate.generative.flow.ProbabilityPath;
import java.util.List;
import java.util.Locale;

/** Builds a sampler from its command-line name and options. */
public final class Samplers {
    /** Names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("euler", "heun", "rk4", "dopri", "dopri853", "stochastic",
            "mean");
    /** Default number of steps of the fixed-step and stochastic samplers. */
    public static final int DEFAULT_STEPS = 20;

    private Samplers() {
    }

    /**
     * @param name       one of {@link #NAMES} ({@code dopri} is Dormand-Prince 5(4), {@code dopri853} 8(5,3),
     *                   {@code mean} the few-step sampler of average-velocity models)
     * @param steps      steps of the fixed-step and stochastic samplers
     * @param rtol       relative tolerance of Dormand-Prince
     * @param atol       absolute tolerance of Dormand-Prince
     * @param switchTime {@code t*} of the stochastic sampler
     * @param path       the model's probability path
     * @return the sampler
     * @throws IllegalArgumentException for an unknown name or a bad setting
     */
    public static Sampler create(String name, int steps, double rtol, double atol, double switchTime,
            ProbabilityPath path) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "euler" -> new FixedStepSampler(FixedStepSampler.Method.EULER, steps);
            case "heun" -> new FixedStepSampler(FixedStepSampler.Method.HEUN, steps);
            case "rk4" -> new FixedStepSampler(FixedStepSampler.Method.RK4, steps);
            case "dopri", "dopri54" -> new DormandPrinceSampler(DormandPrinceSampler.Pair.DP54, rtol, atol);
            case "dopri853" -> new DormandPrinceSampler(DormandPrinceSampler.Pair.DP853, rtol, atol);
            case "stochastic" -> new StochasticSampler(steps, switchTime, path);
            case "mean" -> new MeanFlowSampler(steps);
            default -> throw new IllegalArgumentException("unknown sampler '" + name + "': expected one of " + NAMES);
        };
    }
}
