package dev.surrogate.uq.hmc;

import java.util.ArrayList;
import java.util.List;

/**
 * One chain of a run: its kept draws and statistics.
 *
 * @param index             chain index
 * @param draws             kept post-warm-up positions {@code [draws][dimension]}
 * @param potentials        {@code U} at each kept draw {@code [draws]} (minus the log posterior up to a constant)
 * @param meanAcceptance    mean acceptance statistic over the post-warm-up iterations
 * @param acceptedFraction  fraction of post-warm-up proposals taken
 * @param divergences       divergent post-warm-up trajectories
 * @param warmupDivergences divergent warm-up trajectories
 * @param warmupAcceptance  mean acceptance statistic over warm-up
 * @param stepSize          step size of the sampling phase
 * @param inverseMass       final diagonal of {@code M^-1}
 * @param seconds           wall time of the chain
 * @param gradients         gradient evaluations of the chain (leapfrog steps plus heuristic probes)
 */
public record Chain(int index, double[][] draws, double[] potentials, double meanAcceptance, double acceptedFraction, int divergences,
        int warmupDivergences, double warmupAcceptance, double stepSize, double[] inverseMass, double seconds,
        long gradients) {

    /**
     * @param coordinate index into the parameter vector
     * @return that coordinate's draws {@code [draws]}
     */
    public double[] coordinate(int coordinate) {
        double[] v = new double[draws.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = draws[i][coordinate];
        }
        return v;
    }

    /** Accumulates a chain while it runs. */
    static final class Builder {
        private final int index;
        private final List<double[]> draws;
        private final List<Double> potentials = new ArrayList<>();
        private double acceptSum;
        private int accepted;
        private int sampling;
        private int divergences;
        private int warmupDivergences;
        private double warmupAcceptSum;
        private int warmup;
        private double stepSize;
        private double[] inverseMass;
        private double seconds;
        private long gradients;

        Builder(int index, int expectedDraws) {
            this.index = index;
            this.draws = new ArrayList<>(expectedDraws);
        }

        void warmupTransition(Transition t) {
            warmup++;
            warmupAcceptSum += t.acceptance();
            if (t.divergent()) {
                warmupDivergences++;
            }
        }

        void samplingTransition(Transition t) {
            sampling++;
            acceptSum += t.acceptance();
            if (t.accepted()) {
                accepted++;
            }
            if (t.divergent()) {
                divergences++;
            }
        }

        void draw(double[] q, double potential) {
            draws.add(q);
            potentials.add(potential);
        }

        void finish(double eps, double[] invMass) {
            stepSize = eps;
            inverseMass = invMass;
        }

        void cost(double s, long g) {
            seconds = s;
            gradients = g;
        }

        Chain build() {
            return new Chain(index, draws.toArray(new double[0][]),
                    potentials.stream().mapToDouble(Double::doubleValue).toArray(), sampling == 0 ? Double.NaN : acceptSum / sampling,
                    sampling == 0 ? Double.NaN : (double) accepted / sampling, divergences, warmupDivergences,
                    warmup == 0 ? Double.NaN : warmupAcceptSum / warmup, stepSize, inverseMass, seconds, gradients);
        }
    }
}
