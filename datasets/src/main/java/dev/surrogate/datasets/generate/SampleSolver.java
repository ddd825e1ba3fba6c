package dev.surrogate.datasets.generate;

/**
 * Simulates samples of one {@link DatasetProblem}. The generator creates one per worker thread (so it may own
 * FFT plans and buffers and need not be thread-safe) and calls it for many samples in turn; a sample's result must
 * depend only on its {@link SampleContext}, never on samples the same solver computed before.
 */
public interface SampleSolver {

    /**
     * Simulates one sample and stores every field at every output time.
     *
     * @param context the sample's index, random streams and parameter values
     * @param out     receives the snapshots (every field, every time index must be written)
     */
    void solve(SampleContext context, SampleBuffer out);
}
