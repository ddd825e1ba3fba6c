package dev.surrogate.cli;

import dev.surrogate.generative.flow.FlowLayout;
import dev.surrogate.generative.flow.FlowNoise;
import dev.surrogate.generative.flow.FlowSettings;
import dev.surrogate.generative.flow.TimeDistribution;
import dev.surrogate.operators.models.NeuralOperator;
import picocli.CommandLine.Option;

/** Options of {@code train flow}: the flow-matching method and its velocity network. */
final class FlowTrainingOptions {
    /** The {@code train MODEL} name of a flow. */
    static final String MODEL = "flow";

    @Option(names = "--noise", paramLabel = "NOISE",
            description = "Source noise: white (independent N(0, 1) values) or grf[:TAU:ALPHA] (a Gaussian random "
                    + "field N(0, (-Laplacian + TAU^2)^-ALPHA) scaled to unit variance, default 5:2; function-space "
                    + "noise, so the model can sample on other grids). Default: white.")
    String noise;

    @Option(names = "--sigma-min", paramLabel = "S",
            description = "Noise left at t = 1 on the path z_t = (1 - (1 - S) t) z_0 + t z_1. Default: 0.")
    Double sigmaMin;

    @Option(names = "--time-distribution", paramLabel = "DIST",
            description = "Distribution of t in training: uniform or logit_normal[:MEAN:STD]. Default: uniform.")
    String time;

    @Option(names = "--velocity", paramLabel = "NET",
            description = "Velocity network: fno (the time t as one more constant input channel). Default: fno.")
    String velocity;

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
        if (!net.equals("fno")) {
            throw new IllegalArgumentException("unknown --velocity '" + net + "': expected fno");
        }
        if (options.dropout > 0) {
            throw new IllegalArgumentException("--dropout does not apply to a flow's velocity network");
        }
        return CliModels.build("fno", options, layout.inputChannels(), layout.targetChannels(), dims, seed);
    }

    /** @throws IllegalArgumentException if a flow option was given for another model */
    void checkUnused() {
        if (noise != null || sigmaMin != null || time != null || velocity != null) {
            throw new IllegalArgumentException("--noise, --sigma-min, --time-distribution and --velocity are "
                    + "options of 'train flow'");
        }
    }
}
