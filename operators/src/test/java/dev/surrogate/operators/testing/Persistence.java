package dev.surrogate.operators.testing;

import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.ModelRegistry;
import dev.surrogate.operators.training.Predictor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Test-only "model" without weights: predicts that the last snapshot of its input window persists. */
public final class Persistence implements NeuralOperator {
    /** Type name registered with {@link ModelRegistry}. */
    public static final String TYPE = "test-persistence";

    static {
        ModelRegistry.register(TYPE, Persistence.class, c -> new Persistence(((Number) c.get("window")).intValue(),
                ((Number) c.get("fields")).intValue(), ((Number) c.get("dims")).intValue()));
    }

    private final int window;
    private final int fields;
    private final int dims;

    /**
     * @param window input snapshots
     * @param fields fields per snapshot
     * @param dims   spatial dimensions
     */
    public Persistence(int window, int fields, int dims) {
        this.window = window;
        this.fields = fields;
        this.dims = dims;
    }

    /**
     * A predictor for this model, as a model directory would give it (identity normaliser, relative L2 objective).
     *
     * @param task      the task (its window must be this model's)
     * @param fieldNames dataset fields
     * @param shape     grid
     * @return the predictor
     */
    public Predictor predictor(Task task, List<String> fieldNames, int[] shape) {
        return Predictors.of(this, Normalizer.identity(window * fields, fields), task, fieldNames, shape, Map.of());
    }

    @Override
    public SDVariable forward(SameDiff sd, SDVariable input, int[] spatialShape) {
        SDIndex[] idx = new SDIndex[2 + dims];
        Arrays.fill(idx, SDIndex.all());
        idx[1] = SDIndex.interval((window - 1) * fields, window * fields);
        return input.get(idx);
    }

    @Override
    public int inChannels() {
        return window * fields;
    }

    @Override
    public int outChannels() {
        return fields;
    }

    @Override
    public int spatialDims() {
        return dims;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window", window);
        m.put("fields", fields);
        m.put("dims", dims);
        return m;
    }
}
