package dev.surrogate.operators;

import dev.surrogate.operators.layers.Activation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.MmulBp;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.bp.AddBpOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.bp.MulBpOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.bp.SubBpOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELU;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELUDerivative;

/**
 * Rewrites of a SameDiff gradient graph that compute the same gradients with less work (ND4J 1.0.0-M2.1). SameDiff
 * M2.1 offers no custom gradient (it clones ops when it builds the gradient graph, dropping a subclass's
 * {@code doDiff}) and keeps multi-output backward ops whole, so these passes edit the gradient graph after it is
 * built and before any session runs it. {@link dev.surrogate.operators.Nd4jRuntime#createGradients} applies both.
 *
 * <ul>
 *   <li>{@link #pruneUnusedProductGradients}: the backward op of a matrix product {@code z = a b}
 *       ({@code matmul_bp}) always computes both {@code dL/da = g b^T} and {@code dL/db = a^T g}, two GEMMs as large
 *       as the forward one. When one factor is a constant (a DFT basis of the spectral layers, the grid coordinates)
 *       or depends only on the input (the lifting's first product), its gradient is computed and thrown away: for
 *       the FNOs about half of the backward GEMM work of the Fourier transforms. Every {@code matmul_bp} without
 *       transposes, one of whose outputs nothing requestable depends on, becomes a single {@code matmul} with a
 *       transposed operand that computes only the used output, under the same variable name; the sums that
 *       accumulated the dead gradient (a basis shared by several layers) are removed.</li>
 *   <li>{@link #geluThroughSigmoid}: ND4J's fused {@code gelu} computes {@code x sigmoid(1.702 x)}, but the
 *       kernel of its derivative calls {@code pow}: measured (thread CPU time, float32 {@code [81920, 128]}, the
 *       FNO-2D projection's activation) 126 ms against 39 ms for {@code gelu}, 35 ms for {@code sigmoid} and 5 ms
 *       for a multiply. In the gradient graph (training only; inference runs the forward graph)
 *       each GELU becomes {@code t = 1.702 x, s = sigmoid(t), y = x s}, and its derivative
 *       {@code s (1 + t (1 - s))} is computed from that {@code s} in four multiply-like passes. Composing GELU of
 *       {@code sigmoid} and {@code mul} in the model itself does not help: SameDiff's {@code sigmoid_bp}
 *       recomputes the exponential (68 ms on that array).</li>
 *   <li>{@link #cheapBroadcastGradients}: the backward ops of an elementwise add, subtract or multiply whose second
 *       operand is broadcast ({@code add_bp}, {@code subtract_bp}, {@code multiply_bp}) are pathologically slow in
 *       M2.1 when that operand has unit axes, even on small arrays. Measured (thread CPU time, float32): the
 *       denormalisation of an FNO-1D output, {@code [20, 1, 256]} times and plus a {@code [1, 1, 1]} constant,
 *       0.4-2.2 ms per op, and the projection's bias {@code [5120, 1] + [1]} 1.5 ms, where the forward multiply
 *       takes 0.01 ms and a {@code reduce_sum} of the same array 0.04 ms; the per-channel denormalisation of a
 *       2-channel FNO-2D output ({@code [20, 2, 64, 64]} times {@code [1, 2, 1, 1]}) 5 ms. Together 8 ms of a
 *       94 ms FNO-1D training step. Such an op becomes the gradient of its first operand alone ({@code g}, or
 *       {@code g y} for a product) when the second operand is a constant or its gradient is unused, and otherwise,
 *       when the second operand is all unit axes (a scalar bias), that plus one sum over the gradient viewed as
 *       one row.</li>
 * </ul>
 * All compute the same functions as the ops they replace, so losses and gradients change only by float round-off.
 */
public final class GradientRewrites {
    private GradientRewrites() {
    }

    /**
     * Turns the products of the gradient graph {@code "grad"} of {@code sd} that compute an unused gradient into
     * products that do not (see the class documentation). Call it right after the
     * gradient graph is built, before any session runs it.
     *
     * @param sd a graph whose gradient function exists
     * @return the number of {@code matmul_bp} ops reduced to one product
     * @throws IllegalStateException if {@code sd} has no gradient function
     */
    public static int pruneUnusedProductGradients(SameDiff sd) {
        SameDiff grad = gradientGraph(sd);
        Set<String> live = live(grad, requestable(sd, grad));
        int pruned = 0;
        for (SameDiffOp op : new ArrayList<>(grad.getOps().values())) {
            if (!(op.getOp() instanceof MmulBp) || hasTranspose((DynamicCustomOp) op.getOp())) {
                continue;
            }
            List<String> in = op.getInputsToOp();
            List<String> out = op.getOutputsOfOp();
            if (in == null || in.size() != 3 || out == null || out.size() != 2) {
                continue;
            }
            boolean deadA = !live.contains(out.get(0));
            boolean deadB = !live.contains(out.get(1));
            if (deadA == deadB) {
                continue;
            }
            if (deadA) {
                // dL/db = a^T g
                replace(grad, op, in.get(0), in.get(2), true, false, out.get(1));
                removeDownstream(grad, out.get(0), live);
            } else {
                // dL/da = g b^T
                replace(grad, op, in.get(2), in.get(1), false, true, out.get(0));
                removeDownstream(grad, out.get(1), live);
            }
            pruned++;
        }
        return pruned;
    }

    /**
     * Rewrites every GELU of the gradient graph (the fused {@code gelu} op with its {@code _geluderivative}, see
     * the class documentation) as {@code t = 1.702 x, s = sigmoid(t), y = x s} and {@code dy/dx = s (1 + t (1 - s))}.
     * The forward graph, which inference runs, keeps the fused op. Call it right after the gradient graph is built,
     * before any session runs it.
     *
     * @param sd a graph whose gradient function exists
     * @return the number of GELU ops rewritten
     * @throws IllegalStateException if {@code sd} has no gradient function
     */
    public static int geluThroughSigmoid(SameDiff sd) {
        SameDiff grad = gradientGraph(sd);
        int rewritten = 0;
        for (SameDiffOp op : new ArrayList<>(grad.getOps().values())) {
            if (!(op.getOp() instanceof GELU) || !grad.getOps().containsKey(op.getName())) {
                continue;
            }
            List<String> in = op.getInputsToOp();
            List<String> out = op.getOutputsOfOp();
            if (in == null || in.size() != 1 || out == null || out.size() != 1) {
                continue;
            }
            SDVariable x = grad.getVariable(in.get(0));
            // the coefficient as ND4J's kernel holds it (a float), so double graphs keep their values too
            SDVariable t = x.mul((double) (float) Activation.GELU_SIGMOID_COEFFICIENT);
            SDVariable s = grad.nn().sigmoid(t);
            takeOver(grad, op, new MulOp(grad, x, s));
            for (String consumer : new ArrayList<>(grad.getVariables().get(in.get(0)).getInputsForOp())) {
                SameDiffOp d = grad.getOps().get(consumer);
                if (d != null && d.getOp() instanceof GELUDerivative && d.getOutputsOfOp().size() == 1) {
                    SDVariable slope = s.rsub(1.0).mul(t).add(1.0);
                    takeOver(grad, d, new MulOp(grad, slope, s));
                }
            }
            rewritten++;
        }
        return rewritten;
    }

    /**
     * Rewrites the backward ops of elementwise add, subtract and multiply {@code z = x op y} whose second operand
     * {@code y} is a trainable variable or constant of known shape and whose first is computed (an activation): the
     * gradient of {@code x} becomes {@code g} ({@code -}: also {@code g}; {@code *}: {@code g y}, a broadcasting
     * multiply), and that of {@code y}, when anything needs it and {@code y} has only unit axes, the sum of
     * {@code g} ({@code *}: of {@code g x}) reshaped to {@code y}'s shape ({@code -}: negated). An op whose
     * {@code y} gradient is needed and has a non-unit axis is left alone (ND4J's kernel is fast there: 0.03 ms for
     * a {@code [5120, 2] + [2]} add). See the class documentation for the measurements. Call it right after the
     * gradient graph is built, before any session runs it.
     *
     * <p>The operand order is what the models build ({@code activation op parameter}); the rewrite assumes that
     * {@code y} broadcasts against {@code x} without enlarging it, which holds for a computed {@code x} and a
     * parameter {@code y} whose rank is at most {@code x}'s.
     *
     * @param sd a graph whose gradient function exists
     * @return the number of backward ops rewritten
     * @throws IllegalStateException if {@code sd} has no gradient function
     */
    public static int cheapBroadcastGradients(SameDiff sd) {
        SameDiff grad = gradientGraph(sd);
        Set<String> live = live(grad, requestable(sd, grad));
        int rewritten = 0;
        for (SameDiffOp op : new ArrayList<>(grad.getOps().values())) {
            DifferentialFunction f = op.getOp();
            boolean add = f instanceof AddBpOp;
            boolean sub = f instanceof SubBpOp;
            boolean mul = f instanceof MulBpOp;
            List<String> in = op.getInputsToOp();
            List<String> out = op.getOutputsOfOp();
            if (!(add || sub || mul) || in == null || in.size() != 3 || out == null || out.size() != 2) {
                continue;
            }
            SDVariable x = grad.getVariable(in.get(0));
            SDVariable y = grad.getVariable(in.get(1));
            SDVariable g = grad.getVariable(in.get(2));
            VariableType yType = y.getVariableType();
            long[] yShape = y.getShape();
            if (x.getVariableType() != VariableType.ARRAY || yShape == null || yShape.length == 0
                    || (yType != VariableType.VARIABLE && yType != VariableType.CONSTANT)) {
                continue;
            }
            boolean needX = live.contains(out.get(0));
            boolean needY = live.contains(out.get(1));
            if (needY && !allUnit(yShape)) {
                continue;
            }
            removeOp(grad, op);
            if (needX) {
                write(grad, mul ? new MulOp(grad, g, y) : new Identity(grad, g), out.get(0));
            } else {
                removeDownstream(grad, out.get(0), live);
            }
            if (needY) {
                SDVariable total = sumOfAll(mul ? g.mul(x) : g);
                if (sub) {
                    total = total.neg();
                }
                write(grad, new Reshape(grad, total, yShape), out.get(1));
            } else {
                removeDownstream(grad, out.get(1), live);
            }
            rewritten++;
        }
        return rewritten;
    }

    /**
     * The sum of all elements of {@code v} as a {@code [1]} array: a sum over the second axis of {@code v} viewed as
     * one row. M2.1's reductions to a scalar are slow: on the 5120 values of an FNO-1D output gradient, measured in
     * a training step, 2.3-2.6 ms for {@code sum()} or a sum over the one axis of the flattened array, 0.3-0.55 ms
     * this way (the rank of {@code v} is not known when the graph is built, hence the reshape).
     */
    private static SDVariable sumOfAll(SDVariable v) {
        return v.reshape(1, -1).sum(1);
    }

    private static boolean allUnit(long[] shape) {
        for (long d : shape) {
            if (d != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Lets {@code op}, constructed without asking for its output variable, write the existing variable
     * {@code output} (keeping its name, consumers and role as a gradient).
     */
    private static void write(SameDiff grad, DifferentialFunction op, String output) {
        SameDiffOp added = grad.getOps().get(op.getOwnName());
        added.setOutputsOfOp(new ArrayList<>(List.of(output)));
        grad.getVariables().get(output).setOutputOfOp(added.getName());
    }

    /**
     * Removes {@code old} (one output) and lets {@code replacement}, an op constructed without asking for its
     * output variable, write that output under its name (keeping its consumers).
     */
    private static void takeOver(SameDiff grad, SameDiffOp old, DifferentialFunction replacement) {
        String output = old.getOutputsOfOp().get(0);
        removeOp(grad, old);
        write(grad, replacement, output);
    }

    private static SameDiff gradientGraph(SameDiff sd) {
        SameDiff grad = sd.getFunction("grad");
        if (grad == null) {
            throw new IllegalStateException("the graph has no gradient function to rewrite (createGradFunction first)");
        }
        return grad;
    }

    /**
     * Variables a training step, an evaluation or a caller may request from the gradient graph: the gradients of
     * trainable variables and placeholders, the loss variables, and every variable of the forward graph.
     */
    private static Set<String> requestable(SameDiff sd, SameDiff grad) {
        Set<String> names = new HashSet<>(grad.getLossVariables());
        names.addAll(sd.getLossVariables());
        for (SDVariable v : sd.variables()) {
            names.add(v.name());
            VariableType t = v.getVariableType();
            if ((t == VariableType.VARIABLE || t == VariableType.PLACEHOLDER) && v.dataType().isFPType()) {
                SDVariable g = sd.getGradForVariable(v.name());
                if (g != null) {
                    names.add(g.name());
                }
            }
        }
        return names;
    }

    /** @return the variables of {@code grad} that some requestable variable depends on (and those themselves) */
    private static Set<String> live(SameDiff grad, Set<String> requestable) {
        Set<String> live = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (String name : requestable) {
            if (grad.getVariables().containsKey(name)) {
                work.push(name);
            }
        }
        Set<String> liveOps = new HashSet<>();
        while (!work.isEmpty()) {
            String name = work.pop();
            if (!live.add(name)) {
                continue;
            }
            Variable v = grad.getVariables().get(name);
            if (v == null) {
                continue;
            }
            addAll(work, v.getControlDeps());
            String producer = v.getOutputOfOp();
            if (producer != null && liveOps.add(producer)) {
                SameDiffOp op = grad.getOps().get(producer);
                if (op != null) {
                    addAll(work, op.getInputsToOp());
                    addAll(work, op.getControlDeps());
                    addAll(work, op.getVarControlDeps());
                }
            }
        }
        return live;
    }

    private static void addAll(Deque<String> work, List<String> names) {
        if (names != null) {
            for (String n : names) {
                work.push(n);
            }
        }
    }

    /**
     * Removes variable {@code name}, which nothing requestable depends on, with every op that consumes it and whose
     * outputs are all dead too (e.g. the sums that accumulate a shared basis' gradient over the layers), recursively.
     */
    private static void removeDownstream(SameDiff grad, String name, Set<String> live) {
        Variable v = grad.getVariables().remove(name);
        if (v == null || v.getInputsForOp() == null) {
            return;
        }
        for (String opName : new ArrayList<>(v.getInputsForOp())) {
            SameDiffOp op = grad.getOps().get(opName);
            if (op == null) {
                continue;
            }
            boolean anyLive = false;
            for (String o : op.getOutputsOfOp()) {
                anyLive |= live.contains(o);
            }
            if (anyLive) {
                throw new IllegalStateException("gradient pruning: op " + opName + " consumes dead variable " + name
                        + " but has a live output");
            }
            removeOp(grad, op);
            for (String o : op.getOutputsOfOp()) {
                removeDownstream(grad, o, live);
            }
        }
    }

    /** Removes {@code op} from the graph and from the consumer lists of its inputs (its outputs stay). */
    private static void removeOp(SameDiff grad, SameDiffOp op) {
        grad.getOps().remove(op.getName());
        for (String input : op.getInputsToOp()) {
            Variable in = grad.getVariables().get(input);
            if (in != null && in.getInputsForOp() != null) {
                in.getInputsForOp().removeIf(op.getName()::equals);
            }
        }
    }

    private static boolean hasTranspose(DynamicCustomOp op) {
        for (long flag : op.iArgs()) {
            if (flag != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmpty(List<String> l) {
        return l == null || l.isEmpty();
    }

    /**
     * Replaces {@code old} by the product {@code x' y'} (primes: transposed if the flag is set) writing variable
     * {@code kept} (its name, consumers and role as a gradient stay). The other output of {@code old} is left to
     * the caller.
     */
    private static void replace(SameDiff grad, SameDiffOp old, String x, String y, boolean transposeX,
                                boolean transposeY, String kept) {
        Mmul product = new Mmul(grad, grad.getVariable(x), grad.getVariable(y), transposeX, transposeY, false);
        removeOp(grad, old);
        write(grad, product, kept);
    }
}
