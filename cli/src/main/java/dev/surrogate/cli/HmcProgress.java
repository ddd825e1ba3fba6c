package dev.surrogate.cli;

import dev.surrogate.uq.hmc.HmcObserver;
import dev.surrogate.uq.hmc.HmcSettings;
import dev.surrogate.uq.hmc.Transition;
import java.io.PrintWriter;
import java.util.Locale;

/** Progress of HMC chains on stderr: a line at every tenth of a chain, with its acceptance and step size. */
final class HmcProgress implements HmcObserver {
    private final PrintWriter err;
    private final boolean enabled;
    private int iterations;
    private int chains;
    private long t0;
    private double acceptSum;
    private int count;
    private int lastDecile;

    HmcProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    @Override
    public void start(int chain, HmcSettings settings, int dimension) {
        iterations = settings.iterations();
        chains = settings.chains();
        t0 = System.nanoTime();
        acceptSum = 0;
        count = 0;
        lastDecile = 0;
        if (enabled) {
            err.printf(Locale.ROOT, "chain %d/%d: %d parameters, %d iterations%n", chain + 1, chains, dimension,
                    iterations);
            err.flush();
        }
    }

    @Override
    public void transition(Transition t) {
        acceptSum += t.acceptance();
        count++;
        int decile = (int) (10L * (t.iteration() + 1) / iterations);
        if (enabled && decile > lastDecile) {
            lastDecile = decile;
            err.printf(Locale.ROOT, "chain %d/%d: %d/%d (%s), mean acceptance %.3f, step %.3g, %.0f s%n",
                    t.chain() + 1, chains, t.iteration() + 1, iterations, t.warmup() ? "warm-up" : "sampling",
                    acceptSum / count, t.stepSize(), (System.nanoTime() - t0) * 1e-9);
            err.flush();
        }
    }
}
