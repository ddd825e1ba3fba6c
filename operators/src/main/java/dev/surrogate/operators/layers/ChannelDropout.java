package dev.surrogate.operators.layers;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.random.custom.RandomBernoulli;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Channel ("spatial") dropout: zeroes whole channels of a sample, the same mask at every grid point, and scales
 * the kept ones by {@code 1 / (1 - rate)} (inverted dropout, so the expectation is unchanged). Dropping single grid
 * values would be nearly useless on smooth fields, where neighbours carry the same information.
 *
 * <p>Every dropout layer of a graph obeys one switch, the scalar constant {@value #ACTIVE}: 1 draws a fresh mask on
 * every execution (training, and Monte Carlo dropout at inference), 0 makes the layer the identity. A new graph
 * starts active. The masks come from ND4J's random generator; seed it ({@code Nd4j.getRandom().setSeed}) for
 * reproducible masks, or give every batch row its own seed with {@link #setRowSeeds} (Monte Carlo dropout whose
 * draws do not depend on how inputs are batched). (This relies on a graph listener, see {@link DropoutRng}: do not replace the graph's
 * listeners with {@code sd.setListeners}; pass extra listeners to {@code fit} or use {@code addListeners}.)
 */
public final class ChannelDropout {
    /** Name of the graph's dropout switch constant. */
    public static final String ACTIVE = "dropout/active";

    private final double rate;

    /** @param rate probability of dropping a channel, in {@code [0, 1)}; 0 makes {@link #apply} a no-op */
    public ChannelDropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    /**
     * @param sd     the graph
     * @param x      {@code [points * batch, channels]}, rows point-major ({@code point * batch + b})
     * @param points   grid points per sample
     * @param channels channels
     * @return same shape; {@code x} itself when the rate is 0
     */
    public SDVariable apply(SameDiff sd, SDVariable x, long points, long channels) {
        if (rate == 0) {
            return x;
        }
        DataType dt = x.dataType();
        SDVariable perPoint = x.reshape(points, -1, channels);
        SDVariable maskShape = sd.shape(perPoint.get(SDIndex.interval(0, 1)));
        SDVariable keep = new RandomBernoulli(sd, maskShape, 1 - rate).outputVariable().castTo(dt);
        DropoutRng.attach(sd);
        SDVariable active = switchVariable(sd, dt);
        // active: keep / (1 - rate); inactive: 1
        SDVariable mask = keep.mul(1 / (1 - rate)).sub(1.0).mul(active).add(1.0);
        return perPoint.mul(mask).reshape(-1, channels);
    }

    /** @return the dropout rate */
    public double rate() {
        return rate;
    }

    /**
     * Turns all dropout layers of {@code sd} on or off; no-op if the graph has none.
     *
     * @param sd     the graph
     * @param active true: random masks; false: identity
     */
    public static void setActive(SameDiff sd, boolean active) {
        if (sd.hasVariable(ACTIVE)) {
            sd.getVariable(ACTIVE).getArr().assign(active ? 1 : 0);
        }
    }

    /**
     * @param sd a graph
     * @return whether the graph has dropout layers and they are switched on
     */
    public static boolean isActive(SameDiff sd) {
        return sd.hasVariable(ACTIVE) && sd.getVariable(ACTIVE).getArr().getDouble(0) != 0;
    }

    /**
     * Gives each batch row of the following executions of {@code sd} its own dropout masks, drawn from its seed
     * alone, so that row {@code b}'s masks do not depend on the batch size, the other rows or the thread count
     * (Monte Carlo dropout with reproducible members). Row {@code b} keeps channel {@code c} of a layer with
     * probability {@code 1 - rate}, from a stream keyed by {@code rowSeeds[b]} and the layer's op name. The masks
     * apply only while dropout is {@link #setActive active}. {@code null} goes back to masks from ND4J's generator
     * (training).
     *
     * @param sd       a graph with dropout layers (no-op for a graph without)
     * @param rowSeeds one seed per row of the next batches (each execution's batch must have exactly that many
     *                 rows), or {@code null}
     */
    public static void setRowSeeds(SameDiff sd, long[] rowSeeds) {
        DropoutRng rng = DropoutRng.of(sd);
        if (rng != null) {
            rng.rowSeeds(rowSeeds);
        }
    }

    /**
     * @param sd a graph
     * @return whether the graph has dropout layers (a rate above 0)
     */
    public static boolean present(SameDiff sd) {
        return sd.hasVariable(ACTIVE);
    }

    private static SDVariable switchVariable(SameDiff sd, DataType dt) {
        if (sd.hasVariable(ACTIVE)) {
            return sd.getVariable(ACTIVE);
        }
        return sd.constant(ACTIVE, Nd4j.scalar(dt, 1.0));
    }
}
