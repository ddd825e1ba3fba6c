package dev.surrogate.pde.time;

/**
 * Keeps the physical fields at each output time in memory: {@code snapshots()[outputIndex][gridPoint]}. For
 * datasets larger than memory, write an observer that streams each output to disk instead.
 */
public final class SnapshotRecorder implements StepObserver {
    private final PseudoSpectralEquation equation;
    private final double[][] snapshots;
    private final double[] times;

    /**
     * @param equation converts spectral states to grid values
     * @param outputs  number of output times that will be reported
     */
    public SnapshotRecorder(PseudoSpectralEquation equation, int outputs) {
        this.equation = equation;
        this.snapshots = new double[outputs][equation.physicalDimension()];
        this.times = new double[outputs];
    }

    @Override
    public void onOutput(int index, double t, double[] state) {
        equation.toPhysical(state, snapshots[index]);
        times[index] = t;
    }

    /** @return {@code [outputs][physicalDimension]} grid values; the recorder's own arrays */
    public double[][] snapshots() {
        return snapshots;
    }

    /** @return the output times as reported */
    public double[] times() {
        return times;
    }
}
