package dev.surrogate.operators.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.GradientCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ChannelDropoutTest {
    private static final int POINTS = 7;
    private static final int BATCH = 50;
    private static final int CHANNELS = 40;

    private static INDArray run(SameDiff sd, SDVariable y, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return sd.output(Map.of("x", Nd4j.ones(DataType.DOUBLE, (long) POINTS * BATCH, CHANNELS)), y.name())
                .get(y.name());
    }

    @Test
    void dropsWholeChannelsPerSampleAndRescales() {
        double rate = 0.3;
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, CHANNELS);
        SDVariable y = new ChannelDropout(rate).apply(sd, x, POINTS, CHANNELS);
        INDArray out = run(sd, y, 1);
        int dropped = 0;
        for (int b = 0; b < BATCH; b++) {
            for (int c = 0; c < CHANNELS; c++) {
                double v0 = out.getDouble(b, c);
                assertTrue(v0 == 0 || Math.abs(v0 - 1 / (1 - rate)) < 1e-12, "value " + v0);
                for (int p = 1; p < POINTS; p++) {
                    assertEquals(v0, out.getDouble((long) p * BATCH + b, c), 0, "mask differs across points");
                }
                dropped += v0 == 0 ? 1 : 0;
            }
        }
        double frac = dropped / (double) (BATCH * CHANNELS);
        double sigma = Math.sqrt(rate * (1 - rate) / (BATCH * CHANNELS));
        assertEquals(rate, frac, 5 * sigma);

        assertArrayEquals(out.data().asDouble(), run(sd, y, 1).data().asDouble(), 0, "same seed, same mask");
        assertFalse(out.equalsWithEps(run(sd, y, 2), 1e-9), "another seed, another mask");
        INDArray next = sd.output(Map.of("x", Nd4j.ones(DataType.DOUBLE, (long) POINTS * BATCH, CHANNELS)), y.name())
                .get(y.name());
        assertFalse(next.equalsWithEps(run(sd, y, 2), 1e-9), "a fresh mask on every execution");

        assertTrue(ChannelDropout.isActive(sd));
        ChannelDropout.setActive(sd, false);
        assertFalse(ChannelDropout.isActive(sd));
        assertEquals(Nd4j.ones(DataType.DOUBLE, (long) POINTS * BATCH, CHANNELS), run(sd, y, 3));
        ChannelDropout.setActive(sd, true);
        assertArrayEquals(out.data().asDouble(), run(sd, y, 1).data().asDouble(), 0, "switched back on");
    }

    /** Output of a ones input of {@code batch} rows with the given row seeds, {@code [points * batch, channels]}. */
    private static INDArray withRowSeeds(SameDiff sd, SDVariable y, long[] seeds) {
        ChannelDropout.setRowSeeds(sd, seeds);
        try {
            return sd.output(Map.of("x", Nd4j.ones(DataType.DOUBLE, (long) POINTS * seeds.length, CHANNELS)),
                    y.name()).get(y.name());
        } finally {
            ChannelDropout.setRowSeeds(sd, null);
        }
    }

    @Test
    void rowSeedsGiveEachRowItsOwnMaskWhateverTheBatch() {
        double rate = 0.3;
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, CHANNELS);
        SDVariable y = new ChannelDropout(rate).apply(sd, x, POINTS, CHANNELS);
        long[] seeds = new long[BATCH];
        for (int b = 0; b < BATCH; b++) {
            seeds[b] = 1000 + 7L * b;
        }
        INDArray all = withRowSeeds(sd, y, seeds);
        int dropped = 0;
        for (int b = 0; b < BATCH; b++) {
            // row b alone, and row b as the middle row of three with other neighbours
            INDArray alone = withRowSeeds(sd, y, new long[] {seeds[b]});
            INDArray middle = withRowSeeds(sd, y, new long[] {-1, seeds[b], 99});
            for (int c = 0; c < CHANNELS; c++) {
                double v = all.getDouble(b, c);
                assertTrue(v == 0 || Math.abs(v - 1 / (1 - rate)) < 1e-12, "value " + v);
                dropped += v == 0 ? 1 : 0;
                for (int p = 0; p < POINTS; p++) {
                    assertEquals(v, all.getDouble((long) p * BATCH + b, c), 0, "mask differs across points");
                    assertEquals(v, alone.getDouble(p, c), 0, "row " + b + " alone");
                    assertEquals(v, middle.getDouble(3L * p + 1, c), 0, "row " + b + " among others");
                }
            }
        }
        double frac = dropped / (double) (BATCH * CHANNELS);
        assertEquals(rate, frac, 5 * Math.sqrt(rate * (1 - rate) / (BATCH * CHANNELS)));
        assertFalse(all.equals(withRowSeeds(sd, y, java.util.Arrays.stream(seeds).map(s -> s + 1).toArray())),
                "other seeds, other masks");
        // back to ND4J's generator: the seeded global stream decides again
        assertArrayEquals(run(sd, y, 1).data().asDouble(), run(sd, y, 1).data().asDouble(), 0);
        assertFalse(run(sd, y, 1).equals(run(sd, y, 2)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> {
                    ChannelDropout.setRowSeeds(sd, new long[] {1, 2});
                    try {
                        sd.output(Map.of("x", Nd4j.ones(DataType.DOUBLE, POINTS * 3L, CHANNELS)), y.name());
                    } finally {
                        ChannelDropout.setRowSeeds(sd, null);
                    }
                });
        assertTrue(e.getMessage().contains("2 row seeds"), e.getMessage());
    }

    @Test
    void zeroRateIsTheIdentityAndBadRatesAreRejected() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, CHANNELS);
        assertEquals(x, new ChannelDropout(0).apply(sd, x, POINTS, CHANNELS));
        assertFalse(sd.hasVariable(ChannelDropout.ACTIVE));
        assertThrows(IllegalArgumentException.class, () -> new ChannelDropout(1));
        assertThrows(IllegalArgumentException.class, () -> new ChannelDropout(-0.1));
    }

    @Test
    void gradientsMatchFiniteDifferencesForAFixedMask() {
        SameDiff sd = SameDiff.create();
        INDArray xv = Nd4j.rand(DataType.DOUBLE, 3L * 4, 5).subi(0.5);
        SDVariable x = sd.var("x", xv);
        SDVariable y = new ChannelDropout(0.5).apply(sd, x.mul(x), 3, 5);
        assertEquals(30, GradientCheck.check(sd, y, Map.of(), 30, () -> Nd4j.getRandom().setSeed(77)));
        // without reseeding, every backward pass (the training path) draws a new mask
        INDArray g1 = sd.calculateGradients(Map.of(), "x").get("x").dup();
        INDArray g2 = sd.calculateGradients(Map.of(), "x").get("x").dup();
        assertFalse(g1.equalsWithEps(g2, 1e-12), "training passes reuse one mask");
    }
}
