package dev.surrogate.uq.hmc;

import java.util.ArrayList;
import java.util.List;

/**
 * The observer that keeps what a run returns: every {@code thin}-th post-warm-up position of each chain, and per
 * chain the acceptance statistics, divergences, step size and mass matrix.
 */
final class ChainRecorder implements HmcObserver {
    private final List<Chain.Builder> chains = new ArrayList<>();
    private Chain.Builder current;
    private int thin;
    private int warmup;

    @Override
    public void start(int chain, HmcSettings settings, int dimension) {
        current = new Chain.Builder(chain, settings.draws());
        chains.add(current);
        thin = settings.thin();
        warmup = settings.warmup();
    }

    @Override
    public void transition(Transition t) {
        if (t.warmup()) {
            current.warmupTransition(t);
            return;
        }
        current.samplingTransition(t);
        if ((t.iteration() - warmup + 1) % thin == 0) {
            current.draw(t.position().clone(), t.potential());
        }
    }

    @Override
    public void finish(int chain, double stepSize, double[] inverseMass) {
        current.finish(stepSize, inverseMass);
    }

    /** @param seconds wall time of the current chain */
    void seconds(double seconds, long gradients) {
        current.cost(seconds, gradients);
    }

    List<Chain> chains() {
        List<Chain> out = new ArrayList<>();
        for (Chain.Builder b : chains) {
            out.add(b.build());
        }
        return out;
    }
}
