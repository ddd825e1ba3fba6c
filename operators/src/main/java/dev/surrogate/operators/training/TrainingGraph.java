package dev.surrogate.operators.training;

import dev.surrogate.operators.data.BatchIterator;
import dev.surrogate.operators.data.TaskDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's graph with an {@link Objective}'s loss terms (what the {@link Trainer} builds; public for tools that
 * drive a {@link TrainingRun} themselves, such as benchmarks) and how they combine ({@link LossCombination}) into the
 * variable the optimiser minimises, {@link #LOSS}:
 * <ul>
 *   <li>fixed weights: {@code loss = sum_i w_i term_i} (one term of weight 1 is the term itself, so supervised
 *       training builds exactly the graph it always did);</li>
 *   <li>a gradient rule: {@code loss = sum_i p_i term_i} with a scalar placeholder {@code p_i} per term
 *       ({@value #TERM_WEIGHT_PREFIX}{@code <term>}); the trainer sets one {@code p_i} to 1 and the others to 0 to
 *       get each term's gradient from the same backward graph.</li>
 * </ul>
 */
public final class TrainingGraph {
    /** The minimised scalar. */
    public static final String LOSS = "loss";
    /** Prefix of the per-term weight placeholders of gradient rules. */
    static final String TERM_WEIGHT_PREFIX = "loss_weight/";
    /** Prefix of the term variables when there are several. */
    static final String TERM_PREFIX = "term/";

    private final SurrogateGraph graph;
    private final Objective objective;
    private final LossCombination combination;
    private final List<String> terms;
    /** Graph variable of each term, by term name. */
    private final Map<String, String> termVariables;

    private TrainingGraph(SurrogateGraph graph, Objective objective, LossCombination combination,
            Map<String, String> termVariables) {
        this.graph = graph;
        this.objective = objective;
        this.combination = combination;
        this.terms = List.copyOf(termVariables.keySet());
        this.termVariables = termVariables;
    }

    /**
     * @param graph       the model's graph (modified: the objective's placeholders and losses are added)
     * @param objective   what to minimise
     * @param data        training examples (for the objective's set-up)
     * @param combination how the terms combine
     * @param stage       the objective's stage (see {@link Objective#stage})
     * @return the training graph
     * @throws IllegalArgumentException if the objective returns other terms than it declares, or a combination
     *                                  names a term the objective does not have
     */
    public static TrainingGraph build(SurrogateGraph graph, Objective objective, TaskDataset data,
            LossCombination combination, int stage) {
        SameDiff sd = graph.sameDiff();
        Map<String, SDVariable> built = objective.build(graph, data, stage);
        if (!new ArrayList<>(built.keySet()).equals(objective.terms())) {
            throw new IllegalStateException("objective " + objective.type() + " declares terms " + objective.terms()
                    + " but built " + built.keySet());
        }
        if (combination instanceof LossCombination.Weights w) {
            TreeSet<String> unknown = new TreeSet<>(w.weights().keySet());
            unknown.removeAll(built.keySet());
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("loss weights name " + unknown + ", but the objective's terms are "
                        + built.keySet());
            }
        }
        Map<String, String> names = new LinkedHashMap<>();
        if (built.size() == 1 && combination instanceof LossCombination.Weights w
                && w.weight(objective.terms().get(0)) == 1.0) {
            String term = objective.terms().get(0);
            built.get(term).rename(LOSS);
            names.put(term, LOSS);
        } else {
            SDVariable total = null;
            for (Map.Entry<String, SDVariable> e : built.entrySet()) {
                SDVariable t = e.getValue().rename(TERM_PREFIX + e.getKey());
                names.put(e.getKey(), t.name());
                SDVariable weighted = combination instanceof LossCombination.Weights w
                        ? t.mul(w.weight(e.getKey()))
                        : t.mul(sd.placeHolder(TERM_WEIGHT_PREFIX + e.getKey(), t.dataType()));
                total = total == null ? weighted : total.add(weighted);
            }
            total.rename(LOSS);
        }
        sd.setLossVariables(LOSS);
        return new TrainingGraph(graph, objective, combination, names);
    }

    /** @return the model's graph */
    public SurrogateGraph graph() {
        return graph;
    }

    /** @return the objective */
    Objective objective() {
        return objective;
    }

    /** @return the term combination */
    LossCombination combination() {
        return combination;
    }

    /** @return term names, in the objective's order */
    List<String> terms() {
        return terms;
    }

    /** @return graph variable names of the terms, in term order */
    List<String> termVariables() {
        return List.copyOf(termVariables.values());
    }

    /** @return whether the terms' gradients are combined by a rule (one backward pass per term) */
    boolean separateGradients() {
        return combination instanceof LossCombination.GradientRule;
    }

    /**
     * Sets the weight placeholders of a gradient rule so that {@link #LOSS} equals one term.
     *
     * @param placeholders a batch's placeholders (modified: the weights are added or replaced)
     * @param term         index of the term to select
     */
    void selectTerm(Map<String, INDArray> placeholders, int term) {
        for (int i = 0; i < terms.size(); i++) {
            placeholders.put(TERM_WEIGHT_PREFIX + terms.get(i), Nd4j.scalar(DataType.FLOAT, i == term ? 1f : 0f));
        }
    }

    /**
     * Mean of every term over a dataset, each batch weighted by its size (the mean over examples for per-example
     * means), with the objective's validation draws.
     *
     * @param data      examples on this graph's grid
     * @param batchSize examples per forward pass
     * @param seed      the run's seed
     * @return mean per term name, in term order
     */
    Map<String, Double> meanTerms(TaskDataset data, int batchSize, long seed) {
        BatchIterator it = new BatchIterator(data, batchSize, false, 0);
        String[] vars = termVariables.values().toArray(String[]::new);
        double[] sum = new double[vars.length];
        long n = 0;
        while (it.hasNext()) {
            int[] examples = it.nextIndices();
            Map<String, INDArray> ph = objective.batch(data, examples, Objective.BatchContext.validation(seed));
            try {
                Map<String, INDArray> out = graph.outputs(ph, vars);
                for (int i = 0; i < vars.length; i++) {
                    sum[i] += examples.length * out.get(vars[i]).getDouble(0);
                }
            } finally {
                close(ph);
            }
            n += examples.length;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < vars.length; i++) {
            m.put(terms.get(i), sum[i] / n);
        }
        return m;
    }

    /** Frees a batch's native arrays now rather than when the garbage collector gets to them. */
    static void close(Map<String, INDArray> placeholders) {
        for (INDArray a : placeholders.values()) {
            if (a != null && !a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
    }
}
