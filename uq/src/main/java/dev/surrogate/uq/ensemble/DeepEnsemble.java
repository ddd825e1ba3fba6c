package dev.surrogate.uq.ensemble;

import dev.surrogate.operators.forecast.HeteroscedasticForecaster;
import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.Predictor;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained deep ensemble as one probabilistic forecaster: the equally weighted mixture of its members' Gaussians.
 * Member {@code m} of the input with global index {@code i} comes from model {@code m mod M}: a draw from that
 * model's predicted Gaussian with the noise keyed by {@code (seed, i, m)} (exactly
 * {@link HeteroscedasticForecaster}'s draw for member {@code m}), so it does not depend on the batching, and
 * {@code K} members with {@code K} a multiple of {@code M} sample every model equally often. Along a rollout every
 * step's draw is fed back into the same model.
 *
 * <p>{@link #moments} gives the mixture's mean and its variance split by the law of total variance into the
 * aleatoric part (mean of the members' predicted variances) and the epistemic part (variance of the members'
 * means, divisor {@code M}). Not thread-safe.
 */
public final class DeepEnsemble implements ProbabilisticForecaster {
    /** Name of the method. */
    public static final String METHOD = "deep_ensemble";

    private final List<Predictor> models;
    private final List<HeteroscedasticForecaster> forecasters;

    /**
     * @param models the trained members, all heteroscedastic, for the same task and fields
     * @throws IllegalArgumentException if there are none or they disagree
     */
    public DeepEnsemble(List<Predictor> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        ModelConfig first = models.get(0).config();
        this.models = List.copyOf(models);
        this.forecasters = new ArrayList<>();
        for (int j = 0; j < models.size(); j++) {
            ModelConfig c = models.get(j).config();
            if (!c.task().equals(first.task()) || !c.fields().equals(first.fields())) {
                throw new IllegalArgumentException("ensemble member " + j + " predicts " + c.task().name() + " of "
                        + c.fields() + ", member 0 " + first.task().name() + " of " + first.fields());
            }
            forecasters.add(new HeteroscedasticForecaster(models.get(j)));
        }
    }

    /**
     * @param dir an ensemble directory whose members have all trained their epochs
     * @return the ensemble with every member's latest weights
     * @throws IllegalArgumentException if the directory holds no ensemble or an unfinished one
     */
    public static DeepEnsemble load(EnsembleDirectory dir) {
        EnsembleDirectory.Config c = dir.readConfig();
        List<Predictor> models = new ArrayList<>();
        for (int j = 0; j < c.settings().members(); j++) {
            int done = dir.epochsDone(j);
            if (done < c.epochs()) {
                throw new IllegalArgumentException("ensemble " + dir.path() + " is unfinished: member " + j + " has "
                        + done + " of " + c.epochs() + " epochs (resume its training first)");
            }
            models.add(Predictor.load(dir.member(j).path()));
        }
        return new DeepEnsemble(models);
    }

    /** @return {@value #METHOD} */
    @Override
    public String method() {
        return METHOD;
    }

    /** @return number of member models M */
    public int size() {
        return models.size();
    }

    /** @return the member models */
    public List<Predictor> models() {
        return models;
    }

    /** {@inheritDoc} Draws from model {@code member mod M}. */
    @Override
    public INDArray forecast(INDArray input, long[] inputIndices, int member, long seed) {
        return forecasters.get(modelOf(member)).forecast(input, inputIndices, member, seed);
    }

    /** {@inheritDoc} Rolls out model {@code member mod M}, each step's draw fed back. */
    @Override
    public INDArray rollout(INDArray window, long[] inputIndices, int member, int steps, long seed) {
        return forecasters.get(modelOf(member)).rollout(window, inputIndices, member, steps, seed);
    }

    private int modelOf(int member) {
        if (member < 0) {
            throw new IllegalArgumentException("member number must be >= 0, got " + member);
        }
        return member % models.size();
    }

    /**
     * The mixture's first two moments at every value, with the variance split in two.
     *
     * @param mean       mixture mean, {@code (1/M) sum_j mu_j}, {@code [batch, outChannels, *space]}
     * @param aleatoric  mean of the members' predicted variances, {@code (1/M) sum_j sigma_j^2}, same shape
     * @param epistemic  variance of the members' means, {@code (1/M) sum_j (mu_j - mean)^2}, same shape
     */
    public record Moments(INDArray mean, INDArray aleatoric, INDArray epistemic) {
        /** @return the mixture's variance, {@code aleatoric + epistemic} (law of total variance) */
        public INDArray variance() {
            return aleatoric.add(epistemic);
        }
    }

    /**
     * One-step moments of the mixture (no noise is drawn; accumulated in double precision).
     *
     * @param input physical input {@code [batch, inChannels, *space]}
     * @return mean, aleatoric and epistemic variance
     */
    public Moments moments(INDArray input) {
        int m = models.size();
        float[][] mu = new float[m][];
        double[] var = null;
        long[] shape = null;
        for (int j = 0; j < m; j++) {
            INDArray[] mv = models.get(j).predictMeanAndLogVariance(input);
            mu[j] = mv[0].dup('c').data().asFloat();
            float[] logVar = mv[1].dup('c').data().asFloat();
            if (var == null) {
                var = new double[logVar.length];
                shape = mv[0].shape();
            }
            for (int k = 0; k < logVar.length; k++) {
                var[k] += Math.exp(logVar[k]) / m;
            }
        }
        double[] mean = new double[var.length];
        double[] epistemic = new double[var.length];
        for (int k = 0; k < mean.length; k++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += mu[j][k];
            }
            mean[k] = s / m;
            // two passes: the deviations, not E[mu^2] - E[mu]^2, which cancels when the spread is small
            double ss = 0;
            for (int j = 0; j < m; j++) {
                double d = mu[j][k] - mean[k];
                ss += d * d;
            }
            epistemic[k] = ss / m;
        }
        return new Moments(toFloat(mean, shape), toFloat(var, shape), toFloat(epistemic, shape));
    }

    private static INDArray toFloat(double[] v, long[] shape) {
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return Nd4j.create(f, shape, 'c');
    }
}
