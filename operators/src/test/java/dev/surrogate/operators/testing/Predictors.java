package dev.surrogate.operators.testing;

import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.LrSchedule;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.ModelRegistry;
import dev.surrogate.operators.training.Predictor;
import dev.surrogate.operators.training.SupervisedObjective;
import dev.surrogate.operators.training.TrainingSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Predictors of untrained test models, as a model directory would give them. */
public final class Predictors {
    private Predictors() {
    }

    /**
     * @param model      a registered model
     * @param normalizer its normaliser
     * @param task       the task it answers
     * @param fields     dataset fields
     * @param shape      grid (domain lengths 1)
     * @param weights    its weights by name (empty for a model without any)
     * @return the predictor, with a relative-L2 supervised objective and one-epoch settings in its config
     */
    public static Predictor of(NeuralOperator model, Normalizer normalizer, Task task, List<String> fields,
            int[] shape, Map<String, INDArray> weights) {
        double[] lengths = new double[shape.length];
        Arrays.fill(lengths, 1.0);
        ModelConfig config = new ModelConfig(ModelRegistry.typeOf(model), model.config(), task, fields, shape,
                lengths, normalizer, SupervisedObjective.TYPE,
                new SupervisedObjective(Loss.byName("rel_l2", lengths)).config(),
                new TrainingSettings(1, 1, 1e-3, 0, LrSchedule.of("constant", 1), 0), Map.of());
        return new Predictor(config, model, weights);
    }
}
