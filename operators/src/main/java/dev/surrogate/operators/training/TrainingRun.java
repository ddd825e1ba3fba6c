package dev.surrogate.operators.training;

import dev.surrogate.operators.ForwardExecutor;
import dev.surrogate.operators.Nd4jRuntime;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.TrainingSession;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Optimiser steps on a SameDiff graph through one training session kept for the whole run: what
 * {@code SameDiff.fit} does per batch (placeholders from the training configuration's feature and label mappings,
 * forward and backward pass, regularisation and updater, iteration counter), without its per-call set-up.
 *
 * <p>Why not {@code fit} (ND4J 1.0.0-M2.1): every {@code fit} call creates a new training session whose array cache
 * (up to a quarter of JavaCPP's {@code maxbytes}, by default of the maximum heap) is never closed, and every
 * iteration leaves arrays unreleased (see {@link IterationArrays}); both waited for the garbage collector, which
 * let the resident memory of a 2-epoch FNO-2D run reach 4-7 GB. Here a session's leftovers are taken back after
 * every step, and a session is closed (its caches freed) when it is replaced or this object is closed. A session is
 * replaced after {@value #SESSION_STEPS} steps: it remembers the id of every array it ever freed (to avoid double
 * releases), a set that would otherwise grow by a few hundred ids per step. The arithmetic is the same as
 * {@code fit}'s: the same session method does the step.
 *
 * <p>Where {@link ForwardExecutor} supports the gradient graph and the graph has no listeners, a step runs the
 * gradient graph through it instead (no session bookkeeping: an FNO-1D benchmark step took 60-66 ms of CPU against
 * 73-79 through the session) and applies the update by {@link #applyUpdate}, the session's arithmetic; losses and
 * weights agree with the session's path to float round-off (tested). Otherwise, and with
 * {@code -Dsurrogate.forward=samediff}, the session runs it, and the graph's listeners (e.g. the dropout
 * random-state listener) run as they would inside {@code fit}.
 * Not thread-safe.
 */
public final class TrainingRun implements AutoCloseable {
    private final SameDiff sd;
    private final TrainingConfig config;
    /** Steps after which the session is replaced (about as many as an epoch of the FNO benchmarks). */
    static final int SESSION_STEPS = 256;

    private final SameDiff grad;
    private Session session;
    private int sessionSteps;
    /** Leftovers taken back by sessions already replaced. */
    private long retiredArrays;
    private long retiredBytes;
    private final Set<String> parameters;
    private final At at;
    /** Variables whose forward values a step reports: the loss first, then any extra ones. */
    private final List<String> reported;
    /** Configuration of gradient-only passes: no regularisation, so nothing but the gradient is computed. */
    private TrainingConfig captureConfig;
    private boolean executorPlanned;
    private ForwardExecutor gradientExecutor;
    /** Gradient variable of each trainable variable the loss depends on, in {@link #parameters}' order. */
    private Map<String, String> gradientNames;

    /**
     * Prepares training of {@code sd}: creates the updater state (so a checkpoint's optimiser state can be copied
     * in before the first step), builds the gradient graph if missing, and opens the session. Adds a training
     * evaluation of the loss to the configuration if it has none, so that {@link #step} can report the loss.
     *
     * @param sd graph with a training configuration ({@code setTrainingConfig}) and a loss variable
     * @throws IllegalArgumentException if the graph has no training configuration or no loss variable
     */
    public TrainingRun(SameDiff sd) {
        this(sd, List.of());
    }

    /**
     * Like {@link #TrainingRun(SameDiff)}, and every step also reports the forward values of {@code extra}
     * scalar variables (e.g. the separate terms of a loss that is their weighted sum).
     *
     * @param sd    graph with a training configuration and a loss variable
     * @param extra names of scalar variables to report after the loss, in this order
     * @throws IllegalArgumentException if the graph has no training configuration, no loss variable, or lacks one
     *                                  of {@code extra}
     */
    public TrainingRun(SameDiff sd, List<String> extra) {
        this.config = sd.getTrainingConfig();
        if (config == null) {
            throw new IllegalArgumentException("the graph has no training configuration (setTrainingConfig)");
        }
        if (sd.getLossVariables().isEmpty()) {
            throw new IllegalArgumentException("the graph has no loss variable");
        }
        this.sd = sd;
        List<String> r = new ArrayList<>();
        r.add(sd.getLossVariables().get(0));
        for (String name : extra) {
            if (!sd.hasVariable(name)) {
                throw new IllegalArgumentException("the graph has no variable '" + name + "' to report");
            }
            if (!r.contains(name)) {
                r.add(name);
            }
        }
        this.reported = List.copyOf(r);
        for (String name : reported) {
            requestLossValue(config, name);
        }
        initializeTraining(sd);
        if (sd.getFunction("grad") == null) {
            Nd4jRuntime.createGradients(sd);
        }
        grad = sd.getFunction("grad");
        grad.setTrainingConfig(config);
        session = new Session(grad);
        parameters = new LinkedHashSet<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                parameters.add(v.name());
            }
        }
        at = At.builder().epoch(config.getEpochCount()).iteration(config.getIterationCount()).trainingThreadNum(0)
                .javaThreadNum(Thread.currentThread().getId()).operation(Operation.TRAINING).build();
    }

    /**
     * One optimiser step on a batch, at the configuration's current epoch and iteration counts; increments the
     * iteration count.
     *
     * @param batch features and labels in the order of the configuration's feature and label mappings; not
     *              modified or closed
     * @return value of the graph's first loss variable on the batch, before the update
     * @throws IllegalArgumentException if the batch has a different number of feature or label arrays than the
     *                                  mappings
     */
    public double step(MultiDataSet batch) {
        return step(placeholders(batch))[0];
    }

    /**
     * One optimiser step, at the configuration's current epoch and iteration counts; increments the iteration
     * count.
     *
     * @param placeholders a value for every placeholder the loss needs; not modified or closed
     * @return forward values before the update: the loss, then the extra reported variables (see
     *         {@link #reported()})
     */
    public double[] step(Map<String, INDArray> placeholders) {
        ForwardExecutor fast = executor();
        if (fast != null) {
            Map<String, INDArray> out = fast.run(placeholders);
            double[] values = values(out);
            Map<String, INDArray> update = new LinkedHashMap<>();
            // the executor's own buffers become the updates; a view (of a buffer another output may share) is copied
            gradientNames.forEach((p, g) -> update.put(p, out.get(g).isView() ? out.get(g).dup() : out.get(g)));
            applyUpdate(update);
            return values;
        }
        Loss loss = iteration(config, placeholders, sd.getUpdaterMap());
        config.incrementIterationCount();
        return values(loss);
    }

    /**
     * A forward and backward pass that changes nothing: the gradient of the graph's loss with respect to every
     * trainable variable, for rules that combine the gradients of several losses before one update (see
     * {@link #applyUpdate}). Runs the same session code as {@link #step}, with updaters that only copy the gradient
     * out and no regularisation.
     *
     * @param placeholders a value for every placeholder the loss needs
     * @param gradients    receives a copy of each variable's gradient, by variable name (new arrays); variables
     *                     the loss does not depend on get none
     * @return forward values: the loss, then the extra reported variables
     */
    public double[] gradients(Map<String, INDArray> placeholders, Map<String, INDArray> gradients) {
        ForwardExecutor fast = executor();
        if (fast != null) {
            Map<String, INDArray> out = fast.run(placeholders);
            gradientNames.forEach((p, g) -> gradients.put(p, out.get(g).dup()));
            return values(out);
        }
        Map<String, GradientUpdater> capture = new HashMap<>();
        for (String p : parameters) {
            capture.put(p, new CapturingUpdater(p, gradients));
        }
        return values(iteration(captureConfig(), placeholders, capture));
    }

    /**
     * Applies an update computed from given gradients: exactly what {@link #step} does with the gradient it
     * computes itself (regularisation before the updater, the updater with its state, regularisation after it,
     * then {@code w -= update}), at the current epoch and iteration; increments the iteration count.
     *
     * @param gradients gradient per trainable variable (modified: it becomes the update); a variable without an
     *                  entry is left unchanged
     */
    public void applyUpdate(Map<String, INDArray> gradients) {
        at.setEpoch(config.getEpochCount());
        at.setIteration(config.getIterationCount());
        List<Regularization> regs = config.getRegularization();
        double lr = config.getUpdater().hasLearningRate()
                ? config.getUpdater().getLearningRate(at.iteration(), at.epoch()) : 1.0;
        for (Map.Entry<String, INDArray> e : gradients.entrySet()) {
            GradientUpdater u = sd.getUpdaterMap().get(e.getKey());
            if (u == null) {
                throw new IllegalArgumentException("no trainable variable '" + e.getKey() + "'");
            }
            INDArray param = sd.getVariable(e.getKey()).getArr();
            INDArray g = e.getValue();
            if (regs != null) {
                for (Regularization r : regs) {
                    if (r.applyStep() == Regularization.ApplyStep.BEFORE_UPDATER) {
                        r.apply(param, g, lr, at.iteration(), at.epoch());
                    }
                }
            }
            u.applyUpdater(g, at.iteration(), at.epoch());
            if (regs != null) {
                for (Regularization r : regs) {
                    if (r.applyStep() == Regularization.ApplyStep.POST_UPDATER) {
                        r.apply(param, g, lr, at.iteration(), at.epoch());
                    }
                }
            }
            if (config.isMinimize()) {
                param.subi(g);
            } else {
                param.addi(g);
            }
        }
        config.incrementIterationCount();
    }

    /** @return whether the steps so far ran through the {@link ForwardExecutor} (not SameDiff's session) */
    boolean usesExecutor() {
        return gradientExecutor != null && executor() != null;
    }

    /** @return the graph this run trains */
    SameDiff graph() {
        return sd;
    }

    /** @return names of the values {@link #step} returns: the loss variable, then the extra ones */
    public List<String> reported() {
        return reported;
    }

    private Loss iteration(TrainingConfig tc, Map<String, INDArray> placeholders,
            Map<String, GradientUpdater> updaters) {
        at.setEpoch(config.getEpochCount());
        at.setIteration(config.getIterationCount());
        try {
            return session.trainingIteration(tc, placeholders, parameters, updaters, null, reported,
                    new ArrayList<>(sd.getListeners()), at);
        } finally {
            session.arrays.endIteration();
            if (++sessionSteps >= SESSION_STEPS) {
                retiredArrays += session.arrays.leftoverArrays();
                retiredBytes += session.arrays.leftoverBytes();
                session.arrays.close();
                session = new Session(grad);
                sessionSteps = 0;
            }
        }
    }

    /**
     * The executor of the gradient graph for the reported values and every trainable variable's gradient
     * ({@link ForwardExecutor}: no session bookkeeping, measured 22-26 ms of an 80 ms FNO-1D training step), planned
     * on first use; {@code null} where the graph has an op it does not run, the graph has listeners (they run inside
     * the session, e.g. dropout's random state), or the system property {@value SurrogateGraph#FORWARD_PROPERTY} is
     * {@code samediff}. The update it leads to is {@link #applyUpdate}'s, the same arithmetic as the session's.
     */
    private ForwardExecutor executor() {
        if (!ForwardExecutor.appliesTo(sd)) {
            return null;
        }
        if (!executorPlanned) {
            executorPlanned = true;
            Map<String, String> names = new LinkedHashMap<>();
            for (String p : parameters) {
                SDVariable g = sd.getGradForVariable(p);
                if (g != null && grad.hasVariable(g.name())) {
                    names.put(p, g.name());
                }
            }
            List<String> outputs = new ArrayList<>(reported);
            outputs.addAll(names.values());
            ForwardExecutor e = new ForwardExecutor(grad, outputs);
            if (e.supports()) {
                gradientExecutor = e;
                gradientNames = names;
            }
        }
        return gradientExecutor;
    }

    private double[] values(Map<String, INDArray> out) {
        double[] v = new double[reported.size()];
        for (int i = 0; i < v.length; i++) {
            INDArray a = out.get(reported.get(i));
            v[i] = a.length() == 1 ? a.getDouble(0) : a.sumNumber().doubleValue();
        }
        return v;
    }

    private double[] values(Loss loss) {
        double[] v = new double[reported.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = loss.getLoss(reported.get(i));
        }
        return v;
    }

    private TrainingConfig captureConfig() {
        if (captureConfig == null) {
            captureConfig = new TrainingConfig(config.getUpdater(), new ArrayList<>(), config.isMinimize(),
                    config.getDataSetFeatureMapping(), config.getDataSetLabelMapping(),
                    config.getDataSetFeatureMaskMapping(), config.getDataSetLabelMaskMapping(),
                    config.getLossVariables(), config.getInitialLossDataType());
            captureConfig.setTrainEvaluations(config.getTrainEvaluations());
            captureConfig.setTrainEvaluationLabels(config.getTrainEvaluationLabels());
        }
        return captureConfig;
    }

    /**
     * An "updater" that copies the gradient out and turns it into a zero update, so the session's
     * {@code w -= update} leaves the weights as they are.
     */
    private static final class CapturingUpdater implements GradientUpdater<IUpdater> {
        private final String name;
        private final Map<String, INDArray> sink;

        CapturingUpdater(String name, Map<String, INDArray> sink) {
            this.name = name;
            this.sink = sink;
        }

        @Override
        public IUpdater getConfig() {
            return null;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of();
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder,
                boolean initialize) {
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            // the session's arrays are released after the pass: keep a copy outside its memory manager
            sink.put(name, gradient.dup());
            gradient.assign(0);
        }
    }

    /**
     * Registers a training evaluation ({@link LossMean}) on the loss variable unless it has one: SameDiff M2.1
     * computes the forward loss value in a training step only for such a consumer (see {@link LossMean}).
     */
    private static void requestLossValue(TrainingConfig config, String loss) {
        Map<String, List<IEvaluation>> evaluations = config.getTrainEvaluations() == null ? new HashMap<>()
                : new HashMap<>(config.getTrainEvaluations());
        if (evaluations.containsKey(loss)) {
            return;
        }
        evaluations.put(loss, List.of(new LossMean()));
        Map<String, Integer> labels = config.getTrainEvaluationLabels() == null ? new HashMap<>()
                : new HashMap<>(config.getTrainEvaluationLabels());
        labels.put(loss, 0);
        config.setTrainEvaluations(evaluations);
        config.setTrainEvaluationLabels(labels);
    }

    private Map<String, INDArray> placeholders(MultiDataSet batch) {
        List<String> features = config.getDataSetFeatureMapping();
        List<String> labels = config.getDataSetLabelMapping();
        int nf = features == null ? 0 : features.size();
        int nl = labels == null ? 0 : labels.size();
        if (batch.numFeatureArrays() != nf || batch.numLabelsArrays() != nl) {
            throw new IllegalArgumentException("batch has " + batch.numFeatureArrays() + " feature and "
                    + batch.numLabelsArrays() + " label arrays, the training configuration maps " + nf + " and "
                    + nl);
        }
        Map<String, INDArray> m = new HashMap<>();
        for (int i = 0; i < nf; i++) {
            m.put(features.get(i), batch.getFeatures(i));
        }
        for (int i = 0; i < nl; i++) {
            m.put(labels.get(i), batch.getLabels(i));
        }
        return m;
    }

    /**
     * @return arrays SameDiff left unreleased in the steps so far, taken back after each step (for diagnostics;
     *         see {@link IterationArrays})
     */
    public long leftoverArrays() {
        return retiredArrays + session.arrays.leftoverArrays();
    }

    /** @return bytes of those arrays */
    public long leftoverBytes() {
        return retiredBytes + session.arrays.leftoverBytes();
    }

    /** Frees the session's cached and spare arrays; the graph, its weights and its updater state stay usable. */
    @Override
    public void close() {
        session.arrays.close();
    }

    /** A training session whose arrays come from an {@link IterationArrays}. */
    private static final class Session extends TrainingSession {
        final IterationArrays arrays = new IterationArrays();

        Session(SameDiff grad) {
            super(grad);
            setMmgr(arrays);
        }
    }

    /**
     * Creates the updater state now instead of lazily inside the first step, so a checkpoint's Adam moments can be
     * copied in first. SameDiff only exposes this step as a protected method; it does nothing the second time.
     */
    private static void initializeTraining(SameDiff sd) {
        try {
            Method m = SameDiff.class.getDeclaredMethod("initializeTraining");
            m.setAccessible(true);
            m.invoke(sd);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("this ND4J version does not offer SameDiff.initializeTraining()", e);
        } catch (InvocationTargetException e) {
            throw new TrainingException("cannot initialise training: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
