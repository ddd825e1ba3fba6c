package dev.surrogate.cli;

import dev.surrogate.generative.flow.FilmFno;
import dev.surrogate.generative.flow.FlowLayout;
import dev.surrogate.generative.flow.FlowNoise;
import dev.surrogate.generative.flow.FlowSettings;
import dev.surrogate.generative.flow.MeanFlowObjective;
import dev.surrogate.generative.flow.Parameterization;
import dev.surrogate.generative.flow.TimeDistribution;
import dev.surrogate.generative.physics.ResidualSettings;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.ConflictFreeGradient;
import dev.surrogate.operators.training.LossCombination;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Options of {@code train flow}: the flow-matching method and its velocity network. */
final class FlowTrainingOptions {
    /** The {@code train MODEL} name of a flow. */
    static final String MODEL = "flow";
    /** The {@code train MODEL} name of an average-velocity flow. */
    static final String MEAN_MODEL = "meanflow";

    @Option(names = "--boundary-fraction", paramLabel = "F",
            description = "'train meanflow': share of training examples on the boundary r = t (trained by flow "
                    + "matching); the others train the interval splitting. Default: "
                    + MeanFlowObjective.DEFAULT_BOUNDARY_FRACTION + ".")
    Double boundaryFraction;

    @Option(names = "--levels", paramLabel = "L",
            description = "'train meanflow': dyadic interval lengths 1, 1/2, ..., 2^-(L-1) trained by interval "
                    + "splitting (the finest splits into Euler half steps of the instantaneous velocity). Default: "
                    + MeanFlowObjective.DEFAULT_LEVELS + ".")
    Integer levels;

    @Option(names = "--noise", paramLabel = "NOISE",
            description = "Source noise: white (independent N(0, 1) values) or grf[:TAU:ALPHA] (a Gaussian random "
                    + "field N(0, (-Laplacian + TAU^2)^-ALPHA) scaled to unit variance, default 5:2; function-space "
                    + "noise, so the model can sample on other grids). Default: white.")
    String noise;

    @Option(names = "--sigma-min", paramLabel = "S",
            description = "Noise left at t = 1 on the path z_t = (1 - (1 - S) t) z_0 + t z_1. Default: 0.")
    Double sigmaMin;

    @Option(names = "--parameterization", paramLabel = "P",
            description = "What the network outputs: velocity, or data[:MIN_NOISE] (the clean sample x1_hat; the "
                    + "velocity is then (x1_hat - z_t) / max(1 - t, MIN_NOISE) with sigma_min 0, same loss; default "
                    + "MIN_NOISE " + Parameterization.DEFAULT_MIN_NOISE + "). Default: velocity.")
    String parameterization;

    @Option(names = "--time-distribution", paramLabel = "DIST",
            description = "Distribution of t in training: uniform or logit_normal[:MEAN:STD]. Default: uniform.")
    String time;

    @Option(names = "--velocity", paramLabel = "NET",
            description = "Velocity network: fno (the time t as one more constant input channel) or fno-film (t "
                    + "through a sinusoidal embedding and an MLP to a FiLM scale and shift of every Fourier layer). "
                    + "Default: fno.")
    String velocity;

    @Option(names = "--physics", paramLabel = "TERM",
            description = "none, or residual (PBFM): a second loss term, the PDE residual of the clean sample the "
                    + "network reaches from z_t by n unrolled Euler steps (n = 1..--unroll over equal parts of "
                    + "training), in physical units, weighted by t^--residual-power, with the given snapshots in its "
                    + "time window. The data's 'equation' attribute names the PDE. Default: none.")
    String physics;

    @Option(names = "--combine", paramLabel = "RULE",
            description = "How the flow-matching and residual terms combine: config (ConFIG, no weight to tune) or "
                    + "weights:flow_matching=1,residual=W (fixed weights). Default: config with --physics residual.")
    String combine;

    @Option(names = "--residual-power", paramLabel = "P",
            description = "Exponent p of the residual term's time weight t^p. Default: 1 (PBFM).")
    Double residualPower;

    @Option(names = "--residual-order", paramLabel = "Q",
            description = "Order of the residual's finite-difference time derivative: 2, 4 or 6. Default: 4 (as "
                    + "'surrogate residual').")
    Integer residualOrder;

    @Option(names = "--unroll", paramLabel = "N",
            description = "Unrolled Euler steps in the last part of training (the curriculum runs 1..N over N equal "
                    + "parts). Default: " + ResidualSettings.DEFAULT_UNROLL + " (PBFM).")
    Integer unroll;

    /**
     * @return the physics term of {@code --physics}, or null for none
     * @throws IllegalArgumentException for an unknown term, or residual options without {@code --physics residual}
     */
    ResidualSettings physics() {
        if (boundaryFraction != null || levels != null) {
            throw new IllegalArgumentException("--boundary-fraction and --levels are options of 'train meanflow'");
        }
        String p = physics == null ? "none" : physics.toLowerCase(Locale.ROOT);
        if (p.equals("none")) {
            if (combine != null || residualPower != null || residualOrder != null || unroll != null) {
                throw new IllegalArgumentException("--combine, --residual-power, --residual-order and --unroll need "
                        + "--physics residual");
            }
            return null;
        }
        if (!p.equals("residual")) {
            throw new IllegalArgumentException("unknown --physics '" + physics + "': expected none or residual");
        }
        ResidualSettings d = ResidualSettings.defaults();
        return new ResidualSettings(residualPower == null ? d.power() : residualPower,
                residualOrder == null ? d.order() : residualOrder, unroll == null ? d.maxUnroll() : unroll);
    }

    /** @return how the loss terms combine: {@code --combine}, ConFIG by default */
    LossCombination combination() {
        return combine == null ? new ConflictFreeGradient() : LossCombination.parse(combine);
    }

    /**
     * @param train the training pairs (for the statistics)
     * @return the mean-flow objective of the options
     * @throws IllegalArgumentException if physics options were given (they apply to 'train flow')
     */
    MeanFlowObjective meanFlow(TaskDataset train) {
        if (physics != null || combine != null || residualPower != null || residualOrder != null || unroll != null) {
            throw new IllegalArgumentException("--physics, --combine, --residual-power, --residual-order and --unroll "
                    + "apply to 'train flow', not 'train meanflow'");
        }
        return MeanFlowObjective.fit(settings(), train,
                boundaryFraction == null ? MeanFlowObjective.DEFAULT_BOUNDARY_FRACTION : boundaryFraction,
                levels == null ? MeanFlowObjective.DEFAULT_LEVELS : levels);
    }

    /** @return the method's settings from the options */
    FlowSettings settings() {
        FlowSettings s = FlowSettings.defaults();
        if (noise != null) {
            s = s.withNoise(FlowNoise.parse(noise));
        }
        if (sigmaMin != null) {
            s = s.withSigmaMin(sigmaMin);
        }
        if (time != null) {
            s = s.withTime(TimeDistribution.parse(time));
        }
        if (parameterization != null) {
            s = s.withParameterization(Parameterization.parse(parameterization));
        }
        return s;
    }

    /**
     * @param options architecture options
     * @param layout  the flow's input layout
     * @param dims    spatial dimensions
     * @param seed    initialisation seed
     * @return the velocity network
     */
    NeuralOperator velocityNetwork(ModelOptions options, FlowLayout layout, int dims, long seed) {
        String net = velocity == null ? "fno" : velocity;
        if (options.dropout > 0) {
            throw new IllegalArgumentException("--dropout does not apply to a flow's velocity network");
        }
        return switch (net) {
            case "fno" -> CliModels.build("fno", options, layout.inputChannels(), layout.targetChannels(), dims,
                    seed);
            case "fno-film" -> FilmFno.of(CliModels.build("fno", options, layout.inputChannels() - 1,
                    layout.targetChannels(), dims, seed), layout.timeChannel(), seed);
            default -> throw new IllegalArgumentException("unknown --velocity '" + net + "': expected fno or "
                    + "fno-film");
        };
    }

    /** @throws IllegalArgumentException if a flow option was given for another model */
    void checkUnused() {
        if (boundaryFraction != null || levels != null) {
            throw new IllegalArgumentException("--boundary-fraction and --levels are options of 'train meanflow'");
        }
        if (noise != null || sigmaMin != null || time != null || parameterization != null || velocity != null
                || physics != null
                || combine != null || residualPower != null || residualOrder != null || unroll != null) {
            throw new IllegalArgumentException("--noise, --sigma-min, --time-distribution, --parameterization, "
                    + "--velocity, --physics, --combine, --residual-power, --residual-order and --unroll are options "
                    + "of 'train flow'");
        }
    }
}
