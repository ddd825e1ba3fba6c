package dev.surrogate.uq.bnn;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.operators.forecast.ForecastSeeds;
import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.ModelRegistry;
import dev.surrogate.operators.training.Predictor;
import dev.surrogate.operators.training.SurrogateGraph;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The posterior predictive of a Bayesian operator whose weights were sampled: member {@code m} is the prediction
 * of posterior draw {@code m mod D} plus the Gaussian likelihood noise of that draw,
 * {@code f(x; w_d) + sigma_d z}, with independent standard normal {@code z} per value from xoshiro256** keyed by
 * {@link ForecastSeeds#draw}{@code (member key, step, GAUSSIAN)} row by row in {@code [channel, *space]} order. So
 * member {@code m} of input {@code i} depends on {@code (seed, i, m)} and the draws only. Along a rollout each
 * step's member is fed back as input, with the same weight draw throughout.
 *
 * <p>Weights not sampled (last-layers HMC) keep their trained values in every draw. One graph per grid, whose
 * weights are swapped when a member needs another draw. Not thread-safe.
 */
public final class PosteriorPredictive implements ProbabilisticForecaster {
    private final ModelConfig config;
    private final NeuralOperator model;
    private final Map<String, INDArray> base;
    private final WeightDraws draws;
    private final String method;
    private final Predictor predictor;
    private final Map<String, SurrogateGraph> graphs = new HashMap<>();
    private final Map<String, Integer> loaded = new HashMap<>();

    /**
     * @param config the trained model's config
     * @param base   every weight of the model (values for those not sampled)
     * @param draws  posterior draws of the sampled weights
     * @param method name reported by {@link #method()}, e.g. {@code "hmc"}
     * @throws IllegalArgumentException if a drawn weight is not one of the model's
     */
    public PosteriorPredictive(ModelConfig config, Map<String, INDArray> base, WeightDraws draws, String method) {
        for (String n : draws.names()) {
            if (!base.containsKey(n)) {
                throw new IllegalArgumentException("posterior draw of '" + n + "', which the model does not have");
            }
        }
        this.config = config;
        this.model = ModelRegistry.create(config.modelType(), config.model());
        this.base = new LinkedHashMap<>(base);
        this.draws = draws;
        this.method = method;
        this.predictor = new Predictor(config, model, base);
    }

    /** {@inheritDoc} */
    @Override
    public String method() {
        return method;
    }

    /** @return number of posterior draws D */
    public int draws() {
        return draws.size();
    }

    /** @return the draws */
    public WeightDraws weightDraws() {
        return draws;
    }

    /** @return the trained model's config */
    public ModelConfig config() {
        return config;
    }

    /** {@inheritDoc} */
    @Override
    public INDArray forecast(INDArray input, long[] inputIndices, int member, long seed) {
        return draw(input, keys(input, inputIndices, member, seed), member % draws.size(), 0);
    }

    /** {@inheritDoc} */
    @Override
    public INDArray rollout(INDArray window, long[] inputIndices, int member, int steps, long seed) {
        long[] keys = keys(window, inputIndices, member, seed);
        int d = member % draws.size();
        return predictor.rollout(window, steps, (w, s) -> draw(w, keys, d, s));
    }

    /**
     * The prediction of one draw's weights, without noise.
     *
     * @param input physical input {@code [batch, inChannels, *space]}
     * @param draw  draw index
     * @return {@code [batch, outChannels, *space]}
     */
    public INDArray mean(INDArray input, int draw) {
        return graphFor(input, draw).predict(input);
    }

    private INDArray draw(INDArray input, long[] memberKeys, int d, int step) {
        float[] v = mean(input, d).dup('c').data().asFloat();
        int perRow = v.length / memberKeys.length;
        double sigma = draws.noiseScale(d);
        for (int b = 0; b < memberKeys.length; b++) {
            Xoshiro256StarStar rng = new Xoshiro256StarStar(ForecastSeeds.draw(memberKeys[b], step,
                    ForecastSeeds.GAUSSIAN));
            for (int j = b * perRow; j < (b + 1) * perRow; j++) {
                v[j] += (float) (sigma * rng.nextGaussian());
            }
        }
        long[] shape = input.shape().clone();
        shape[1] = model.outChannels();
        return Nd4j.create(v, shape, 'c');
    }

    private SurrogateGraph graphFor(INDArray input, int d) {
        int dims = config.spatialDims();
        if (input.rank() != 2 + dims || input.size(1) != model.inChannels()) {
            throw new IllegalArgumentException("input shape " + Arrays.toString(input.shape()) + " does not fit a "
                    + dims + "-D model with " + model.inChannels() + " input channels");
        }
        int[] shape = new int[dims];
        for (int i = 0; i < dims; i++) {
            shape[i] = (int) input.size(2 + i);
        }
        String key = Arrays.toString(shape);
        SurrogateGraph g = graphs.computeIfAbsent(key, k -> SurrogateGraph.build(model, config.normalizer(), shape));
        Integer current = loaded.get(key);
        if (current == null || current != d) {
            Map<String, INDArray> w = new LinkedHashMap<>(base);
            w.putAll(draws.weights(d));
            g.loadWeights(w);
            loaded.put(key, d);
        }
        return g;
    }

    private static long[] keys(INDArray input, long[] inputIndices, int member, long seed) {
        if (inputIndices.length != input.size(0)) {
            throw new IllegalArgumentException("got " + inputIndices.length + " input indices for a batch of "
                    + input.size(0));
        }
        if (member < 0) {
            throw new IllegalArgumentException("member number must be >= 0, got " + member);
        }
        return ForecastSeeds.members(seed, inputIndices, member);
    }
}
