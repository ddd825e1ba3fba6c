package dev.surrogate.operators;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.MmulBp;

/**
 * Removes work from a SameDiff gradient graph whose result nothing uses.
 *
 * <p>The backward op of a matrix product {@code z = a b} ({@code matmul_bp}, ND4J 1.0.0-M2.1) always computes both
 * {@code dL/da = g b^T} and {@code dL/db = a^T g}, two GEMMs as large as the forward one. When one factor is a
 * constant (a DFT basis of the spectral layers, the grid coordinates) or depends only on the input (the lifting's
 * first product), its gradient is computed and thrown away: for the FNOs about half of the backward GEMM work of
 * the Fourier transforms. SameDiff M2.1 offers no way to declare a gradient unneeded (its gradient graph keeps
 * multi-output ops whole) and no custom gradient (it clones ops when it builds the gradient graph), so this pass
 * edits the gradient graph after it is built: every {@code matmul_bp} without transposes, one of whose outputs has
 * no consumer and is no trainable variable's or placeholder's gradient, becomes a single {@code matmul} with a
 * transposed operand that computes only the used output, under the same output variable name. The arithmetic of the
 * remaining gradient is the same product ({@code a^T g} or {@code g b^T}), so gradients change only by float
 * round-off, if at all.
 */
public final class GradientPruning {
    private GradientPruning() {
    }

    /**
     * Prunes the gradient graph {@code "grad"} of {@code sd} (see the class documentation). Call it right after the
     * gradient graph is built, before any session runs it.
     *
     * @param sd a graph whose gradient function exists
     * @return the number of {@code matmul_bp} ops reduced to one product
     * @throws IllegalStateException if {@code sd} has no gradient function
     */
    public static int pruneUnusedProductGradients(SameDiff sd) {
        SameDiff grad = sd.getFunction("grad");
        if (grad == null) {
            throw new IllegalStateException("the graph has no gradient function to prune (createGradFunction first)");
        }
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
        removeOp(grad, old);
        Mmul product = new Mmul(grad, grad.getVariable(x), grad.getVariable(y), transposeX, transposeY, false);
        SameDiffOp added = grad.getOps().get(product.getOwnName());
        added.setOutputsOfOp(new ArrayList<>(List.of(kept)));
        grad.getVariables().get(kept).setOutputOfOp(added.getName());
    }
}
