package dev.surrogate.operators.layers;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.ListenerVariables;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.random.custom.RandomBernoulli;
import org.nd4j.linalg.api.rng.Random;
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
 */
final class DropoutRng extends BaseListener {

    /** Attaches the listener to {@code sd} unless it already has one. */
    static void attach(SameDiff sd) {
        for (Listener l : sd.getListeners()) {
            if (l instanceof DropoutRng) {
                return;
            }
        }
        sd.addListeners(new DropoutRng());
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
        if (opContext != null && op.getOp() instanceof RandomBernoulli) {
            Random rng = Nd4j.getRandom();
            opContext.setRngStates(rng.nextLong(), rng.nextLong());
        }
    }
}
