package dev.surrogate.datasets.grf;

import dev.surrogate.datasets.random.RandomStream;
import java.util.ArrayList;
import java.util.List;

/** Wraps a stream and records the Gaussians it hands out, so a test can redo the synthesis by hand. */
final class RecordingStream implements RandomStream {
    private final RandomStream inner;
    final List<Double> gaussians = new ArrayList<>();

    RecordingStream(RandomStream inner) {
        this.inner = inner;
    }

    @Override
    public long nextLong() {
        return inner.nextLong();
    }

    @Override
    public double nextDouble() {
        return inner.nextDouble();
    }

    @Override
    public double nextGaussian() {
        double g = inner.nextGaussian();
        gaussians.add(g);
        return g;
    }
}
