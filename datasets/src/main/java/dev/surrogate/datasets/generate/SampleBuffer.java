package dev.surrogate.datasets.generate;

import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.pde.time.PseudoSpectralEquation;
import dev.surrogate.pde.time.StepObserver;

/**
 * Holds the output of one sample while it waits to be written: one {@code float[time * points]} per field (x
 * fastest). The generator keeps a small pool of these and reuses them, so memory stays bounded.
 */
public final class SampleBuffer {
    private final int points;
    private final int times;
    private final float[][] fields;
    private final double[] parameters;
    private final double[] physical;
    private final double tStart;
    private final double tEnd;
    /** Simulated-time fraction of the sample being computed into this buffer, written by its worker. */
    private volatile double simulated;
    private int localIndex = -1;

    /** @param layout the dataset layout; allocates its fields and per-sample parameters */
    public SampleBuffer(DatasetLayout layout) {
        this.points = layout.points();
        this.times = layout.timeCount();
        this.fields = new float[layout.fields().size()][layout.valuesPerSample()];
        this.parameters = new double[layout.sampleParameters().size()];
        this.physical = new double[fields.length * points];
        double[] t = layout.times();
        this.tStart = t[0];
        this.tEnd = t[t.length - 1];
    }

    /**
     * An observer that stores every output of a pseudo-spectral run in this buffer: at output index j, the
     * equation's physical vector (its fields one after another, {@code [points]} each) becomes time index j of the
     * buffer's fields 0, 1, ... Every step also updates {@link #simulatedFraction()}.
     *
     * @param equation the equation being integrated; its physical vector must hold exactly this buffer's fields
     * @return the observer; it converts through a grid-value array owned by this buffer and allocates nothing
     * @throws IllegalArgumentException if the equation's physical dimension is not fields times points
     */
    public StepObserver recorder(PseudoSpectralEquation equation) {
        if (equation.physicalDimension() != physical.length) {
            throw new IllegalArgumentException("equation has " + equation.physicalDimension() + " grid values, the "
                    + "buffer holds " + fields.length + " fields of " + points + " points");
        }
        return new StepObserver() {
            @Override
            public void onStep(long step, double t, double h, double[] state) {
                simulated = tEnd > tStart ? Math.min(1, (t - tStart) / (tEnd - tStart)) : 1;
            }

            @Override
            public void onOutput(int index, double t, double[] state) {
                if (index == times - 1) {
                    simulated = 1;
                }
                equation.toPhysical(state, physical);
                for (int f = 0; f < fields.length; f++) {
                    putSnapshot(f, index, physical, f * points);
                }
            }
        };
    }

    /**
     * Stores one snapshot of one field, rounding to float32.
     *
     * @param field     field index in the layout
     * @param timeIndex output index in [0, time)
     * @param values    {@code [points]} grid values (x fastest); only the first {@code points} values are read
     */
    public void putSnapshot(int field, int timeIndex, double[] values) {
        putSnapshot(field, timeIndex, values, 0);
    }

    /**
     * Stores one snapshot of one field from a slice of a longer vector, e.g. field {@code f} of a system whose
     * physical state holds its fields one after another ({@code offset = f * points}).
     *
     * @param field     field index in the layout
     * @param timeIndex output index in [0, time)
     * @param values    grid values; {@code values[offset .. offset + points)} are read (x fastest)
     * @param offset    index of the snapshot's first value in {@code values}
     */
    public void putSnapshot(int field, int timeIndex, double[] values, int offset) {
        if (offset < 0 || offset + points > values.length) {
            throw new IllegalArgumentException("snapshot of " + points + " values at offset " + offset
                    + " does not fit in an array of " + values.length);
        }
        if (timeIndex < 0 || timeIndex >= times) {
            throw new IllegalArgumentException("time index " + timeIndex + " outside [0, " + times + ")");
        }
        float[] f = fields[field];
        int off = timeIndex * points;
        for (int i = 0; i < points; i++) {
            f[off + i] = (float) values[offset + i];
        }
    }

    /** @return the field arrays {@code [fields][time * points]}, owned by this buffer */
    public float[][] fields() {
        return fields;
    }

    /** @return the per-sample parameter values, owned by this buffer */
    public double[] parameters() {
        return parameters;
    }

    /** @return grid points per snapshot */
    public int points() {
        return points;
    }

    /** @return number of output times */
    public int times() {
        return times;
    }

    /**
     * How far the sample being computed into this buffer has got, by simulated time: 0 at its start, 1 at its last
     * output time. Read from any thread (e.g. for a progress display) while a worker integrates.
     *
     * @return the fraction in [0, 1]
     */
    public double simulatedFraction() {
        return simulated;
    }

    /** Marks the buffer as holding a sample that has not started. */
    void resetProgress() {
        simulated = 0;
    }

    int localIndex() {
        return localIndex;
    }

    void localIndex(int index) {
        this.localIndex = index;
    }
}
