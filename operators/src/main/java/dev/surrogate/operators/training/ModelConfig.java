package dev.surrogate.operators.training;

import dev.surrogate.datasets.Provenance;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to rebuild and use a trained model, stored as {@code config.json}: the model type and its
 * constructor values, the task, the dataset's field names and grid, the normaliser, the training objective and
 * the training settings, plus free-form notes about the data it was trained on. (Files written before objectives
 * existed have a top-level {@code loss} instead; they read as the {@code supervised} objective with that loss.)
 *
 * @param modelType     registered type (see {@link ModelRegistry})
 * @param model         the model's {@code config()} values
 * @param task          what the model predicts
 * @param fields        dataset field names, in channel order
 * @param trainedShape  grid the model was trained on, {@code {nx}} or {@code {ny, nx}}
 * @param domainLengths domain lengths in the order of the grid
 * @param normalizer    input/output normalisation
 * @param objectiveType registered objective type (see {@link Objective#REGISTRY})
 * @param objective     the objective's {@link Objective#config()} values
 * @param training      optimiser settings
 * @param data          notes about the training data (file, sample counts, ...); may be empty
 */
public record ModelConfig(String modelType, Map<String, Object> model, Task task, List<String> fields,
        int[] trainedShape, double[] domainLengths, Normalizer normalizer, String objectiveType,
        Map<String, Object> objective, TrainingSettings training, Map<String, Object> data) {

    /** Format tag written into the JSON, checked on reading. */
    public static final String FORMAT = "surrogate-model/1";

    /** Copies the mutable parts. */
    public ModelConfig {
        model = new LinkedHashMap<>(model);
        fields = List.copyOf(fields);
        trainedShape = trainedShape.clone();
        domainLengths = domainLengths.clone();
        objective = new LinkedHashMap<>(objective);
        data = new LinkedHashMap<>(data);
    }

    /** @return the training objective, rebuilt from its saved config */
    public Objective buildObjective() {
        return Objective.create(objectiveType, objective);
    }

    @Override
    public int[] trainedShape() {
        return trainedShape.clone();
    }

    @Override
    public double[] domainLengths() {
        return domainLengths.clone();
    }

    /** @return number of spatial dimensions */
    public int spatialDims() {
        return trainedShape.length;
    }

    /** @return a copy whose training settings are replaced */
    public ModelConfig withTraining(TrainingSettings settings) {
        return new ModelConfig(modelType, model, task, fields, trainedShape, domainLengths, normalizer, objectiveType,
                objective, settings, data);
    }

    /** @return the JSON tree */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("type", modelType);
        mm.put("config", model);
        m.put("model", mm);
        m.put("task", task.config());
        m.put("fields", fields);
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("shape", Arrays.stream(trainedShape).boxed().toList());
        grid.put("domain_lengths", Arrays.stream(domainLengths).boxed().toList());
        m.put("grid", grid);
        m.put("normalizer", normalizer.toMap());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", objectiveType);
        o.put("config", objective);
        m.put("objective", o);
        m.put("training", training.toMap());
        m.put("data", data);
        // who wrote this file and when (program, version, commit, UTC time); informative, not read back
        m.put("provenance", Provenance.current().toMap());
        return m;
    }

    /**
     * @param m JSON tree written by {@link #toMap()}
     * @return the config
     * @throws IllegalArgumentException naming the missing or malformed entry
     */
    @SuppressWarnings("unchecked")
    public static ModelConfig fromMap(Map<String, Object> m) {
        if (!FORMAT.equals(m.get("format"))) {
            throw new IllegalArgumentException("unsupported model format " + m.get("format") + ", expected "
                    + FORMAT);
        }
        try {
            Map<String, Object> mm = (Map<String, Object>) m.get("model");
            Map<String, Object> grid = (Map<String, Object>) m.get("grid");
            List<Object> shape = (List<Object>) grid.get("shape");
            List<Object> lengths = (List<Object>) grid.get("domain_lengths");
            int[] s = shape.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
            double[] l = lengths.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
            List<String> fields = new ArrayList<>();
            for (Object o : (List<Object>) m.get("fields")) {
                fields.add(o.toString());
            }
            Object data = m.get("data");
            String objectiveType;
            Map<String, Object> objective;
            Map<String, Object> o = (Map<String, Object>) m.get("objective");
            if (o != null) {
                objectiveType = (String) o.get("type");
                objective = (Map<String, Object>) o.get("config");
            } else {
                // written before training objectives existed: a supervised loss
                objectiveType = SupervisedObjective.TYPE;
                objective = new LinkedHashMap<>();
                objective.put("loss", m.get("loss"));
                // the Lp losses weigh by the grid's lengths; the others ignore them
                objective.put("domain_lengths", lengths);
            }
            if (objectiveType == null || objective == null) {
                throw new IllegalArgumentException("objective needs 'type' and 'config', got " + o);
            }
            return new ModelConfig((String) mm.get("type"), (Map<String, Object>) mm.get("config"),
                    Task.fromConfig((Map<String, ?>) m.get("task")), fields, s, l,
                    Normalizer.fromMap((Map<String, ?>) m.get("normalizer")), objectiveType, objective,
                    TrainingSettings.fromMap((Map<String, ?>) m.get("training")),
                    data == null ? Map.of() : (Map<String, Object>) data);
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("malformed model config: " + e.getMessage(), e);
        }
    }
}
