package dev.surrogate.generative.physics;

import dev.surrogate.operators.physics.PdeResidual;
import dev.surrogate.operators.physics.TimeDifference;
import dev.surrogate.pde.residual.TimeStencil;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PBFM's physics term in a SameDiff graph: from the state {@code z_t} on the path and the network's velocity there,
 * {@code n} Euler steps of the network reach an estimate of the clean sample {@code x1_hat} at {@code t = 1}
 * (gradients flow through every step), which is de-normalised to physical units, placed after the given snapshots
 * in one window, and scored by the PDE residual {@code r = D_t u - F(u)} of the generated snapshots:
 * <pre>
 *   h = (1 - t) / n,   x_0 = z_t,   x_{k+1} = x_k + h v(x_k, t + k h)   (v(x_0, t) the given velocity),
 *   loss = mean_b [ t_b^p  mean(r_b^2) ]
 * </pre>
 * with the mean of {@code r^2} over the generated snapshots, fields and points of example {@code b}, in physical
 * units (fields per time, squared). {@code D_t} is the finite difference of {@link TimeStencil} over the window of
 * the last given snapshots and the generated ones, so the time derivative at the first generated snapshot uses the
 * given ones; with {@code min(window, order)} given snapshots the rows of the generated snapshots are those of the
 * whole trajectory's stencil (what {@code pde_residual} in {@code evaluate} uses). {@code F} is the solver's own
 * semi-discrete right-hand side ({@link PdeResidual}).
 *
 * <p>Shapes ({@code B} examples, {@code H} generated and {@code m} given snapshots of {@code F} fields, channel
 * {@code j F + f} is field {@code f} of snapshot {@code j}): the state and velocities {@code [B, H F, *space]}
 * (normalised per channel with {@code mean}/{@code std}), the path time {@code [B]}, the given snapshots
 * {@code [B, m F, *space]} (physical), the parameters {@code [B, P]}.
 */
public final class UnrolledResidual {
    /** The velocity network as a function of the state and the path time. */
    @FunctionalInterface
    public interface Velocity {
        /**
         * @param z   state {@code [B, H F, *space]}, normalised
         * @param tau path time {@code [B]}
         * @return the velocity {@code [B, H F, *space]}
         */
        SDVariable apply(SDVariable z, SDVariable tau);
    }

    /**
     * The residual term's output.
     *
     * @param loss        the scalar term
     * @param perExample  {@code mean(r^2)} of each example {@code [B]}, physical units
     * @param clean       the clean estimate in physical units {@code [B, H F, *space]}
     */
    public record Parts(SDVariable loss, SDVariable perExample, SDVariable clean) {
    }

    private final PdeResidual residual;
    private final int fields;
    private final int horizon;
    private final int given;
    private final int[] space;
    private final double[] mean;
    private final double[] std;
    private final TimeDifference timeDifference;
    private final double power;

    /**
     * @param residual the PDE's residual (its fields, grid and parameters)
     * @param horizon  generated snapshots H, {@code >= 1}
     * @param given    given snapshots m in the window before them, {@code >= 0}
     * @param spacing  time between snapshots
     * @param order    order of the time difference; the window {@code m + H} must hold at least {@code order + 1}
     *                 snapshots
     * @param mean     per target channel mean of the normalisation {@code [H F]}
     * @param std      per target channel standard deviation {@code [H F]}
     * @param power    exponent of the time weight {@code t^p}
     * @throws IllegalArgumentException if the sizes do not fit
     */
    public UnrolledResidual(PdeResidual residual, int horizon, int given, double spacing, int order, double[] mean,
            double[] std, double power) {
        this.residual = residual;
        this.fields = residual.fieldNames().size();
        if (horizon < 1 || given < 0) {
            throw new IllegalArgumentException("need horizon >= 1 and given >= 0 snapshots, got " + horizon + " and "
                    + given);
        }
        if (mean.length != horizon * fields || std.length != horizon * fields) {
            throw new IllegalArgumentException("normalisation has " + mean.length + " / " + std.length
                    + " channels, the target " + horizon * fields);
        }
        if (given + horizon < order + 1) {
            throw new IllegalArgumentException("a time difference of order " + order + " needs " + (order + 1)
                    + " snapshots, the window has " + given + " given and " + horizon + " generated");
        }
        this.horizon = horizon;
        this.given = given;
        this.space = residual.spatialShape();
        this.mean = mean.clone();
        this.std = std.clone();
        this.timeDifference = new TimeDifference(new TimeStencil(order, given + horizon, spacing));
        this.power = power;
    }

    /** @return the time difference over the window of given and generated snapshots */
    public TimeDifference timeDifference() {
        return timeDifference;
    }

    /**
     * Adds the term to a graph.
     *
     * @param sd       the graph
     * @param zt       state on the path {@code [B, H F, *space]}, normalised
     * @param v0       the velocity at {@code (z_t, t)} {@code [B, H F, *space]}
     * @param t        path time {@code [B]}
     * @param givenSnapshots the last {@code m} given snapshots {@code [B, m F, *space]}, physical (ignored when
     *                 {@code m = 0}, may be null then)
     * @param params   per-example PDE parameters {@code [B, P]}
     * @param velocity the network, for the unrolled steps after the first
     * @param steps    Euler steps n, {@code >= 1}
     * @return the term and its parts
     */
    public Parts build(SameDiff sd, SDVariable zt, SDVariable v0, SDVariable t, SDVariable givenSnapshots,
            SDVariable params, Velocity velocity, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("need at least one Euler step, got " + steps);
        }
        int dims = space.length;
        long[] perExample = new long[2 + dims];
        Arrays.fill(perExample, 1);
        perExample[0] = -1;
        SDVariable h = t.rsub(1.0).div((double) steps);
        SDVariable hb = h.reshape(perExample);
        SDVariable x = zt.add(v0.mul(hb));
        SDVariable tau = t;
        for (int k = 1; k < steps; k++) {
            tau = tau.add(h);
            x = x.add(velocity.apply(x, tau).mul(hb));
        }
        long[] channelShape = new long[2 + dims];
        Arrays.fill(channelShape, 1);
        channelShape[1] = mean.length;
        SDVariable m = sd.constant(Nd4j.create(mean, channelShape).castTo(zt.dataType()));
        SDVariable s = sd.constant(Nd4j.create(std, channelShape).castTo(zt.dataType()));
        SDVariable clean = x.mul(s).add(m);

        long[] snapshots = new long[3 + dims];
        snapshots[0] = -1;
        snapshots[1] = horizon;
        snapshots[2] = fields;
        long[] rest = new long[1 + dims];
        rest[0] = fields;
        long[] states = new long[2 + dims];
        states[0] = -1;
        states[1] = fields;
        for (int d = 0; d < dims; d++) {
            snapshots[3 + d] = space[d];
            rest[1 + d] = space[d];
            states[2 + d] = space[d];
        }
        SDVariable generated = clean.reshape(snapshots);
        SDVariable window = generated;
        if (given > 0) {
            long[] g = snapshots.clone();
            g[1] = given;
            window = sd.concat(1, givenSnapshots.reshape(g), generated);
        }
        SDVariable ut = timeDifference.apply(sd, window, rest);
        SDIndex[] idx = new SDIndex[3 + dims];
        Arrays.fill(idx, SDIndex.all());
        idx[1] = SDIndex.interval(given, given + horizon);
        SDVariable utGenerated = ut.get(idx).reshape(states);
        int p = residual.parameterNames().size();
        SDVariable ones = sd.constant(Nd4j.ones(zt.dataType(), 1, horizon, 1));
        SDVariable perState = params.reshape(-1, 1, p).mul(ones).reshape(-1, p);
        SDVariable f = residual.rightHandSide(sd, generated.reshape(states), perState).reshape(states);
        SDVariable r = utGenerated.sub(f);
        long values = (long) horizon * fields;
        for (int n : space) {
            values *= n;
        }
        SDVariable flat = r.reshape(-1, values);
        SDVariable msr = flat.mul(flat).mean(1);
        SDVariable w = power == 0 ? null : t.pow(power);
        SDVariable loss = w == null ? msr.mean() : msr.mul(w).mean();
        return new Parts(loss, msr, clean);
    }
}
