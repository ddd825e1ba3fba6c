package dev.surrogate.generative.flow;

import dev.surrogate.generative.Generative;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.InMemoryFieldSource;
import dev.surrogate.operators.data.SampleSplit;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.training.LrSchedule;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Trainer;
import dev.surrogate.operators.training.TrainingListener;
import dev.surrogate.operators.training.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Small datasets with known conditional distributions, and a small flow trained on them. */
final class FlowFixtures {
    private FlowFixtures() {
    }

    /**
     * Two snapshots per trajectory: {@code u(0)} a random constant field {@code c = +-1}, {@code u(1) = mu c + s xi}
     * with {@code xi} iid N(0, 1) per point, so {@code u(1) | u(0) = c ~ N(mu c, s^2)} in every value.
     */
    static InMemoryFieldSource conditionalGaussian(int samples, int nx, double mu, double s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[samples * 2 * nx];
        for (int k = 0; k < samples; k++) {
            double c = r.nextBoolean() ? 1 : -1;
            for (int i = 0; i < nx; i++) {
                data[(k * 2) * nx + i] = (float) c;
                data[(k * 2 + 1) * nx + i] = (float) (mu * c + s * r.nextGaussian());
            }
        }
        return new InMemoryFieldSource(data, samples, 2, new int[] {nx}, new double[] {1}, List.of("u"));
    }

    /** A velocity field that is zero everywhere, of {@code dimension} values per row. */
    static dev.surrogate.generative.sampling.VelocityField constantField(int dimension) {
        return new dev.surrogate.generative.sampling.VelocityField() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public void evaluate(int count, int[] rows, double[] t, double[] z, double[] v) {
                java.util.Arrays.fill(v, 0, count * dimension, 0);
            }
        };
    }

    /** A small FNO velocity network for a layout. */
    static Fno1d network(FlowLayout layout, long seed) {
        return new Fno1d(Fno1d.Config.defaults(layout.inputChannels(), layout.targetChannels()).withWidth(16)
                .withModes(4).withLayers(2).withProjectionWidth(32).withSeed(seed));
    }

    /** Trains a flow on every trajectory of a source (task {@code final}); returns the directory. */
    static Path train(InMemoryFieldSource data, FlowSettings settings, int epochs, long seed, Path dir) {
        return train(data, settings, epochs, seed, dir, new TrainingListener() { });
    }

    /** As {@link #train(InMemoryFieldSource, FlowSettings, int, long, Path)}, with a listener. */
    static Path train(InMemoryFieldSource data, FlowSettings settings, int epochs, long seed, Path dir,
            TrainingListener listener) {
        Nd4jRuntime.init();
        Generative.register();
        TaskDataset train = new TaskDataset(data, Task.of("final", 1), SampleSplit.all(data.sampleCount()).train());
        FlowMatchingObjective o = FlowMatchingObjective.fit(settings, train);
        TrainingSettings s = new TrainingSettings(epochs, 16, 3e-3, 0, LrSchedule.of("cosine", epochs), seed);
        new Trainer(network(o.layout(), seed), o, o.fitNormalizer(train), s).train(train, null,
                new ModelDirectory(dir), listener);
        return dir;
    }
}
