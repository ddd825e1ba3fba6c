package dev.surrogate.operators.testing;

import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.MseLoss;
import dev.surrogate.operators.training.Objective;
import dev.surrogate.operators.training.SupervisedObjective;
import dev.surrogate.operators.training.SurrogateGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A test objective with two loss terms on the supervised placeholders: {@code data} = MSE(prediction, target) and
 * either {@code copy} = the same MSE again ({@code mode = "same"}) or {@code shrink} = mean(prediction^2)
 * ({@code mode = "shrink"}), registered as {@value #TYPE}. Mode {@code staged} is {@code shrink} with a curriculum:
 * stage 0 in the first half of the run, stage 1 (the shrink term doubled) in the second.
 */
public final class TwoTermObjective implements Objective {
    /** Registered type. */
    public static final String TYPE = "test-two-terms";

    static {
        Objective.register(TYPE, c -> new TwoTermObjective(String.valueOf(c.get("mode"))));
    }

    private final String mode;
    private final SupervisedObjective supervised = new SupervisedObjective(new MseLoss());

    /** @param mode {@code same} or {@code shrink} */
    public TwoTermObjective(String mode) {
        if (!mode.equals("same") && !mode.equals("shrink") && !mode.equals("staged")) {
            throw new IllegalArgumentException("mode " + mode);
        }
        this.mode = mode;
    }

    /** Makes sure the static registration ran. */
    public static void register() {
        // class initialisation does the work
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("mode", mode);
    }

    @Override
    public List<String> terms() {
        return List.of("data", mode.equals("same") ? "copy" : "shrink");
    }

    @Override
    public int stage(int epoch, int epochs) {
        return mode.equals("staged") && 2 * epoch >= epochs ? 1 : 0;
    }

    @Override
    public int inputChannels(TaskDataset data) {
        return data.inputChannels();
    }

    @Override
    public int outputChannels(TaskDataset data) {
        return data.outputChannels();
    }

    @Override
    public Normalizer fitNormalizer(TaskDataset train) {
        return Normalizer.fit(train);
    }

    @Override
    public Map<String, SDVariable> build(SurrogateGraph graph, TaskDataset data) {
        return build(graph, data, 0);
    }

    @Override
    public Map<String, SDVariable> build(SurrogateGraph graph, TaskDataset data, int stage) {
        SDVariable data0 = supervised.build(graph, data).get("mse");
        SDVariable target = graph.sameDiff().getVariable(SupervisedObjective.TARGET);
        SDVariable p = graph.prediction();
        SDVariable second = mode.equals("same") ? p.sub(target).mul(p.sub(target)).mean()
                : p.mul(p).mean().mul(stage + 1.0);
        Map<String, SDVariable> m = new LinkedHashMap<>();
        m.put("data", data0);
        m.put(terms().get(1), second);
        return m;
    }

    @Override
    public Map<String, INDArray> batch(TaskDataset data, int[] examples, BatchContext context) {
        return supervised.batch(data, examples, context);
    }
}
