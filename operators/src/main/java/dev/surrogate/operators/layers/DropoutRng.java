package dev.surrogate.operators.layers;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.operators.data.Seeds;
import java.util.Arrays;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.ListenerVariables;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.random.custom.RandomBernoulli;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Feeds the graph's Bernoulli mask ops fresh random-generator states from ND4J's random generator.
 *
 * <p>Why this exists (ND4J 1.0.0-M2.1): random ops with a runtime shape ({@code RandomBernoulli},
 * {@code DistributionUniform}) run with the RNG state of their op context, which SameDiff never sets, so they draw
 * the same numbers on every execution; the ops that do use the global generator take only a static shape, which a
 * dynamic batch rules out. This listener, attached to the graph once by {@link ChannelDropout}, sets the state of
 * each Bernoulli op from {@code Nd4j.getRandom()} just before it runs: masks change on every execution and are
 * reproducible by seeding {@code Nd4j.getRandom()}. Graph listeners also run inside {@code sd.fit}, {@code output}
 * and {@code calculateGradients}; replacing them with {@code sd.setListeners(...)} would remove this one.
 *
 * <p>Per-row masks ({@link #rowSeeds(long[])}): Monte Carlo dropout must give row {@code b} of a batch the same mask
 * whatever the other rows are, which one generator stream for the whole batch cannot. With row seeds set, the
 * listener overwrites each Bernoulli op's output {@code [1, batch, channels]} just after it ran (the next ops read
 * that array): row {@code b} keeps channel {@code c} with the op's probability, drawn from a xoshiro256** stream
 * keyed by {@code Seeds.mix(rowSeeds[b], hash of the op's name)}, so each dropout layer gets its own mask. Op names
 * depend only on the order in which the model adds its layers, so they agree between a model's graphs for
 * different grids.
 */
final class DropoutRng extends BaseListener {
    /** Seeds of the rows of the next executions, or null for masks from ND4J's generator. */
    private long[] rowSeeds;

    /** Finds the listener of {@code sd}, or null if the graph has no dropout layer. */
    static DropoutRng of(SameDiff sd) {
        for (Listener l : sd.getListeners()) {
            if (l instanceof DropoutRng d) {
                return d;
            }
        }
        return null;
    }

    /** @param seeds one seed per batch row for the following executions, or null to go back to ND4J's generator */
    void rowSeeds(long[] seeds) {
        rowSeeds = seeds == null ? null : seeds.clone();
    }

    /** Attaches the listener to {@code sd} unless it already has one. */
    static void attach(SameDiff sd) {
        if (of(sd) == null) {
            sd.addListeners(new DropoutRng());
        }
    }

    /** {@inheritDoc} */
    @Override
    public ListenerVariables requiredVariables(SameDiff sd) {
        return ListenerVariables.empty();
    }

    /** {@inheritDoc} */
    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        if (rowSeeds == null && opContext != null && op.getOp() instanceof RandomBernoulli) {
            Random rng = Nd4j.getRandom();
            opContext.setRngStates(rng.nextLong(), rng.nextLong());
        }
    }

    /** {@inheritDoc} */
    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
            INDArray[] outputs) {
        if (rowSeeds == null || !(op.getOp() instanceof RandomBernoulli bernoulli)) {
            return;
        }
        INDArray mask = outputs[0];
        long[] shape = mask.shape();
        if (shape.length != 3 || shape[0] != 1 || shape[1] != rowSeeds.length) {
            throw new IllegalStateException("dropout mask " + Arrays.toString(shape) + " does not fit "
                    + rowSeeds.length + " row seeds");
        }
        double keep = bernoulli.tArgs()[0];
        int channels = (int) shape[2];
        float[] values = new float[rowSeeds.length * channels];
        long layer = op.getName().hashCode();
        for (int b = 0; b < rowSeeds.length; b++) {
            Xoshiro256StarStar rng = new Xoshiro256StarStar(Seeds.mix(rowSeeds[b], layer));
            for (int c = 0; c < channels; c++) {
                values[b * channels + c] = rng.nextDouble() < keep ? 1f : 0f;
            }
        }
        mask.assign(Nd4j.create(values, shape, 'c').castTo(mask.dataType()));
    }
}
