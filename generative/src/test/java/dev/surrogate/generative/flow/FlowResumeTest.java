package dev.surrogate.generative.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.surrogate.operators.data.InMemoryFieldSource;
import dev.surrogate.operators.data.SampleSplit;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Objective;
import dev.surrogate.operators.training.Trainer;
import dev.surrogate.operators.training.TrainingListener;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class FlowResumeTest {
    @TempDir
    Path tmp;

    private static final InMemoryFieldSource DATA = FlowFixtures.conditionalGaussian(24, 8, 1, 0.3, 2);

    @Test
    void resumedTrainingIsBitIdenticalToAnUninterruptedRun() {
        FlowSettings s = FlowSettings.defaults().withNoise(FlowNoise.Grf.defaults())
                .withTime(new TimeDistribution.LogitNormal(0, 1));
        Path straight = FlowFixtures.train(DATA, s, 4, 5, tmp.resolve("straight"));
        // a run configured for 4 epochs that dies after epoch 2 ...
        RuntimeException killed = assertThrows(RuntimeException.class, () -> FlowFixtures.train(DATA, s, 4, 5,
                tmp.resolve("resumed"), new TrainingListener() {
                    @Override
                    public void epochDone(EpochRecord r) {
                        if (r.epoch() == 2) {
                            throw new RuntimeException("simulated kill");
                        }
                    }
                }));
        assertEquals("simulated kill", killed.getMessage());
        ModelDirectory dir = new ModelDirectory(tmp.resolve("resumed"));
        TaskDataset train = new TaskDataset(DATA, Task.of("final", 1), SampleSplit.all(DATA.sampleCount()).train());
        // ... resumed from the directory alone
        Trainer.fromDirectory(dir, null).resume(train, null, dir, new TrainingListener() { });
        Map<String, INDArray> a = new ModelDirectory(straight).readWeights();
        Map<String, INDArray> b = dir.readWeights();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).data().asFloat(), b.get(k).data().asFloat(), 0f, k);
        }
        assertEquals("flow", dir.readConfig().objectiveType());
        assertEquals(s, ((FlowMatchingObjective) dir.readConfig().buildObjective()).settings());
    }

    @Test
    void drawsDependOnSeedEpochAndExampleOnly() {
        TaskDataset data = new TaskDataset(DATA, Task.of("final", 1), SampleSplit.all(DATA.sampleCount()).train());
        FlowMatchingObjective o = FlowMatchingObjective.fit(FlowSettings.defaults(), data);
        FlowBatch batch = o.draw(data, new int[] {5, 11, 2}, new Objective.BatchContext(7, 3, true));
        FlowBatch alone = o.draw(data, new int[] {11}, new Objective.BatchContext(7, 3, true));
        int in = o.layout().inputChannels() * batch.points();
        assertArrayEquals(Arrays.copyOfRange(batch.input(), in, 2 * in), alone.input(), 0f);
        assertEquals(batch.t()[1], alone.t()[0], 0);
        FlowBatch nextEpoch = o.draw(data, new int[] {11}, new Objective.BatchContext(7, 4, true));
        assertFalse(nextEpoch.t()[0] == alone.t()[0], "another epoch draws another t");
        FlowBatch v1 = o.draw(data, new int[] {11}, Objective.BatchContext.validation(7));
        FlowBatch v2 = o.draw(data, new int[] {11}, Objective.BatchContext.validation(7));
        assertArrayEquals(v1.input(), v2.input(), 0f);
        // layout: z_t, then t as a constant channel, then the condition in physical units
        int p = batch.points();
        for (int i = 0; i < p; i++) {
            assertEquals((float) batch.t()[0], batch.input()[p + i], 0f);
            float[] cond = new float[p];
            DATA.read(data.sampleOf(5), 0, 0, cond, 0);
            assertEquals(cond[i], batch.input()[2 * p + i], 0f);
            // the target velocity is z1 - z0 and z_t = (1 - t) z0 + t z1
            double t = batch.t()[0];
            assertEquals(batch.z1()[i] - batch.z0()[i], batch.velocity()[i], 1e-6);
            assertEquals((1 - t) * batch.z0()[i] + t * batch.z1()[i], batch.input()[i], 1e-6);
        }
    }
}
