package dev.surrogate.generative.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.generative.Generative;
import dev.surrogate.generative.physics.BurgersData;
import dev.surrogate.generative.physics.ResidualSettings;
import dev.surrogate.generative.physics.UnrolledResidual;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.SampleSplit;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.training.ConflictFreeGradient;
import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.LrSchedule;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Objective;
import dev.surrogate.operators.training.SurrogateGraph;
import dev.surrogate.operators.training.Trainer;
import dev.surrogate.operators.training.TrainingListener;
import dev.surrogate.operators.training.TrainingSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Flow matching with PBFM's residual term on the toolkit's Burgers data: the term's clean estimate is the model's
 * own Euler integration from {@code z_t} with as many steps as the curriculum's stage says, training with ConFIG
 * walks through the stages and resumes bit-identically, and data without a residual are refused.
 */
class PhysicsFlowTest {
    private static final int NX = 16;
    @TempDir
    static Path dir;
    private static FieldSource data;
    private static TaskDataset train;

    @BeforeAll
    static void init() {
        Nd4jRuntime.init();
        Generative.register();
        data = BurgersData.load(BurgersData.generate(dir.resolve("b.nc"), 12, NX, 13, 1.0));
        train = new TaskDataset(data, Task.Trajectory.rest(5, 13), SampleSplit.all(12).train());
    }

    private static FlowMatchingObjective objective() {
        return FlowMatchingObjective.fit(FlowSettings.defaults(), train).withPhysics(ResidualSettings.defaults());
    }

    @Test
    void cleanEstimateIsTheModelsEulerIntegrationWithTheStagesStepCount() {
        FlowMatchingObjective o = objective();
        int[] examples = {3, 7};
        Map<String, INDArray> batch = new java.util.HashMap<>(o.batch(train, examples,
                new Objective.BatchContext(1, 2, true)));
        // only the residual term is computed here
        batch.remove(FlowMatchingObjective.TARGET_VELOCITY);
        FlowBatch draws = o.draw(train, examples, new Objective.BatchContext(1, 2, true));
        Nd4j.getRandom().setSeed(3);
        var model = FlowFixtures.network(o.layout(), 3);
        int c = o.layout().targetChannels();
        int in = o.layout().inputChannels();
        for (int stage = 0; stage < 4; stage++) {
            SurrogateGraph graph = SurrogateGraph.build(model, o.fitNormalizer(train), new int[] {NX});
            UnrolledResidual.Parts parts = o.residualTerm(graph, train, stage);
            float[] clean = graph.outputs(batch, parts.clean().name()).get(parts.clean().name()).dup().data()
                    .asFloat();
            // outside the graph: Euler steps of the network's velocity from z_t to t = 1
            int n = stage + 1;
            for (int b = 0; b < examples.length; b++) {
                float[] x = new float[in * NX];
                System.arraycopy(draws.input(), b * in * NX, x, 0, in * NX);
                double t = draws.t()[b];
                double h = (1 - t) / n;
                for (int k = 0; k < n; k++) {
                    java.util.Arrays.fill(x, c * NX, (c + 1) * NX, (float) (t + k * h));
                    float[] v = graph.predict(Nd4j.create(x, new long[] {1, in, NX})).dup().data().asFloat();
                    for (int i = 0; i < c * NX; i++) {
                        x[i] = (float) (x[i] + h * v[i]);
                    }
                }
                for (int ch = 0; ch < c; ch++) {
                    double m = o.layout().target().mean()[ch];
                    double s = o.layout().target().std()[ch];
                    for (int i = 0; i < NX; i++) {
                        double expected = x[ch * NX + i] * s + m;
                        assertEquals(expected, clean[(b * c + ch) * NX + i], 2e-5 * (1 + Math.abs(expected)),
                                "stage " + stage + ", example " + b + ", channel " + ch);
                    }
                }
            }
        }
    }

    private static Path trainRun(String name, int epochs, TrainingListener listener) {
        FlowMatchingObjective o = objective();
        TrainingSettings s = new TrainingSettings(epochs, 4, 1e-3, 1e-4, LrSchedule.of("cosine", epochs), 5)
                .withCombination(new ConflictFreeGradient());
        Path out = dir.resolve(name);
        new Trainer(FlowFixtures.network(o.layout(), 5), o, o.fitNormalizer(train), s).train(train, null,
                new ModelDirectory(out), listener);
        return out;
    }

    @Test
    void configTrainingPassesTheStagesAndResumesExactly() {
        List<double[]> terms = new ArrayList<>();
        Path straight = trainRun("straight", 4, new TrainingListener() {
            @Override
            public void epochDone(EpochRecord r) {
                terms.add(new double[] {r.trainTerms().get("flow_matching"), r.trainTerms().get("residual")});
            }
        });
        assertEquals(4, terms.size());
        for (double[] t : terms) {
            assertTrue(Double.isFinite(t[0]) && Double.isFinite(t[1]) && t[1] > 0, java.util.Arrays.toString(t));
        }
        RuntimeException killed = assertThrows(RuntimeException.class, () -> trainRun("resumed", 4,
                new TrainingListener() {
                    @Override
                    public void epochDone(EpochRecord r) {
                        if (r.epoch() == 2) {
                            throw new RuntimeException("simulated kill");
                        }
                    }
                }));
        assertEquals("simulated kill", killed.getMessage());
        ModelDirectory resumed = new ModelDirectory(dir.resolve("resumed"));
        Trainer.fromDirectory(resumed, null).resume(train, null, resumed, new TrainingListener() { });
        Map<String, INDArray> a = new ModelDirectory(straight).readWeights();
        Map<String, INDArray> b = resumed.readWeights();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).data().asFloat(), b.get(k).data().asFloat(), 0f, k);
        }
        FlowMatchingObjective saved = (FlowMatchingObjective) resumed.readConfig().buildObjective();
        assertEquals(ResidualSettings.defaults(), saved.physics());
        assertEquals(List.of("flow_matching", "residual"), saved.terms());
        assertEquals("config", resumed.readConfig().training().combination().toMap().get("type"));
    }

    @Test
    void dataWithoutAResidualAreRefused() {
        FieldSource plain = FlowFixtures.conditionalGaussian(8, NX, 1, 0.3, 1);
        TaskDataset d = new TaskDataset(plain, Task.of("final", 1), SampleSplit.all(8).train());
        FlowMatchingObjective o = FlowMatchingObjective.fit(FlowSettings.defaults(), d)
                .withPhysics(ResidualSettings.defaults());
        SurrogateGraph graph = SurrogateGraph.build(FlowFixtures.network(o.layout(), 1), o.fitNormalizer(d),
                new int[] {NX});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.build(graph, d, 0));
        assertTrue(e.getMessage().contains("equation"), e.getMessage());
        // a final task's target does not follow its input
        TaskDataset gap = new TaskDataset(data, Task.of("final", 1), SampleSplit.all(12).train());
        FlowMatchingObjective og = FlowMatchingObjective.fit(FlowSettings.defaults(), gap)
                .withPhysics(ResidualSettings.defaults());
        SurrogateGraph g2 = SurrogateGraph.build(FlowFixtures.network(og.layout(), 1), og.fitNormalizer(gap),
                new int[] {NX});
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> og.build(g2, gap, 0));
        assertTrue(e2.getMessage().contains("directly follow"), e2.getMessage());
    }
}
