package dev.surrogate.generative.physics;

import dev.surrogate.datasets.burgers.BurgersProblem;
import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.FieldSources;
import dev.surrogate.operators.data.NetcdfFieldSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small Burgers datasets from the toolkit's own solver (GRF initial conditions, nu 0.1). */
public final class BurgersData {
    private BurgersData() {
    }

    /**
     * @param file      where to write (reused when it exists)
     * @param samples   trajectories
     * @param nx        grid points
     * @param snapshots snapshots over [0, tFinal]
     * @param tFinal    final time
     * @return the file
     */
    public static Path generate(Path file, int samples, int nx, int snapshots, double tFinal) {
        if (Files.exists(file)) {
            return file;
        }
        BurgersSettings s = BurgersSettings.defaults().withNx(nx).withNu(0.1).withTimes(tFinal, snapshots);
        try {
            new DatasetGenerator(new BurgersProblem(s), DatasetGenerator.Settings.of(samples, 3).withThreads(1))
                    .generate(file, ProgressListener.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** @return the file's data in memory (attributes and parameters included) */
    public static FieldSource load(Path file) {
        try (NetcdfFieldSource raw = NetcdfFieldSource.open(file, List.of())) {
            return FieldSources.cacheIfSmall(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
