package dev.surrogate.uq.inverse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.burgers.BurgersProblem;
import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.ParameterSweep;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.FieldSources;
import dev.surrogate.operators.data.NetcdfFieldSource;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Trainer;
import dev.surrogate.operators.training.TrainingListener;
import dev.surrogate.operators.training.TrainingSettings;
import dev.surrogate.uq.hmc.HmcObserver;
import dev.surrogate.uq.hmc.HmcSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inverse problem with a trained parametric surrogate (a few minutes): an FNO that takes nu as an input channel,
 * trained on a nu sweep, infers the nu of an unseen trajectory; its 90 % interval holds the truth, as the solver's
 * does, and the solver's interval is the narrower one (the surrogate's error widens the noise scale).
 */
@Tag("accuracy")
class InverseSurrogateAccuracyTest {
    @TempDir
    Path tmp;

    @Test
    void trainedSurrogateRecoversTheViscosity() throws Exception {
        Nd4jRuntime.init(1);
        BurgersSettings s = BurgersSettings.defaults().withNx(64).withTimes(0.2, 5);
        Path sweep = tmp.resolve("sweep.nc");
        new DatasetGenerator(new BurgersProblem(s), DatasetGenerator.Settings.of(200, 1).withThreads(1)
                .withSweeps(List.of(ParameterSweep.parse("nu=0.02:0.1:log")))).generate(sweep, ProgressListener.NONE);
        Path obsFile = tmp.resolve("obs.nc");
        new DatasetGenerator(new BurgersProblem(s.withNu(0.05)), DatasetGenerator.Settings.of(1, 2).withThreads(1)
                .withFirstSample(9000)).generate(obsFile, ProgressListener.NONE);
        ModelDirectory dir = new ModelDirectory(tmp.resolve("fno"));
        try (NetcdfFieldSource src = NetcdfFieldSource.open(sweep, List.of("u"))) {
            Task task = Task.of("next", 1).withParameters(List.of("nu"));
            int[] all = new int[200];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            TaskDataset train = new TaskDataset(FieldSources.cacheIfSmall(src), task, all);
            Fno1d model = new Fno1d(Fno1d.Config.defaults(2, 1).withWidth(32).withModes(16));
            new Trainer(model, Loss.byName("rel_l2", new double[] {1.0}), Normalizer.fit(train),
                    TrainingSettings.defaults(100, 0)).train(train, null, dir, new TrainingListener() { });
        }
        Observations obs;
        try (DatasetReader r = DatasetReader.open(obsFile, "u")) {
            obs = Observations.draw(r, 0, 16, 4, 0.01, 3);
        }
        HmcSettings h = HmcSettings.defaults(1).withChains(2).withWarmup(200).withDraws(300).withLeapfrogSteps(8);
        ViscosityPosterior.Prior prior = ViscosityPosterior.Prior.between(0.02, 0.1);
        ViscosityInference.Result surrogate = ViscosityInference.run(new SurrogateForward(dir.readConfig(),
                dir.readWeights(), obs), obs, prior, h, new HmcObserver() { });
        ViscosityInference.Result solver = ViscosityInference.run(new SolverForward(obs), obs, prior, h,
                new HmcObserver() { });
        assertTrue(solver.containsTrue(), "solver interval [" + solver.nuLow() + ", " + solver.nuHigh() + "]");
        assertTrue(surrogate.containsTrue(), "surrogate interval [" + surrogate.nuLow() + ", " + surrogate.nuHigh()
                + "]");
        assertTrue(solver.nuHigh() - solver.nuLow() < surrogate.nuHigh() - surrogate.nuLow(),
                "solver interval " + (solver.nuHigh() - solver.nuLow()) + ", surrogate "
                        + (surrogate.nuHigh() - surrogate.nuLow()));
    }
}
