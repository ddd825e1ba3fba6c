package dev.surrogate.datasets.generate;

/** Test helper: one sample of a problem computed in memory on the calling thread, as a worker would (no file). */
public final class OneSample {
    private OneSample() {
    }

    /**
     * @param problem the problem
     * @param seed    the dataset seed
     * @param index   the sample's index (of a run of {@code index + 1} samples starting at 0)
     * @return the sample's fields and parameters
     */
    public static SampleBuffer compute(DatasetProblem problem, long seed, int index) {
        DatasetGenerator gen = new DatasetGenerator(problem, DatasetGenerator.Settings.of(index + 1, seed)
                .withThreads(1));
        SampleBuffer buf = new SampleBuffer(gen.layout());
        gen.compute(problem.newSolver(), index, buf);
        return buf;
    }

    /**
     * @param problem the problem
     * @param seed    the dataset seed
     * @return sample 0's last snapshot of every field, {@code [fields][points]}
     */
    public static float[][] lastSnapshot(DatasetProblem problem, long seed) {
        SampleBuffer buf = compute(problem, seed, 0);
        int n = buf.points();
        float[][] out = new float[buf.fields().length][n];
        for (int f = 0; f < out.length; f++) {
            System.arraycopy(buf.fields()[f], (buf.times() - 1) * n, out[f], 0, n);
        }
        return out;
    }
}
