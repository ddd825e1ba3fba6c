package dev.surrogate.operators;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceFloatOp;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.BaseReduceSameOp;
import org.nd4j.linalg.api.ops.BaseScalarOp;
import org.nd4j.linalg.api.ops.BaseTransformFloatOp;
import org.nd4j.linalg.api.ops.BaseTransformSameOp;
import org.nd4j.linalg.api.ops.BaseTransformStrictOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELU;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the forward ops of a SameDiff graph that some requested variables need, without SameDiff's per-op
 * bookkeeping, for inference. ND4J M2.1's {@code sd.output} costs tens of microseconds per op outside the op itself
 * (dependency tracking, array bookkeeping, listeners): measured 7.8 of the 31 ms of CPU per FNO-1D forward pass of
 * the benchmark model ({@code bench/OperatorProfile}). This executor orders the needed ops once, keeps one ND4J op
 * instance per graph op with the graph op's arguments, and per call only sets arrays, asks libnd4j for output shapes
 * and executes. Output buffers come from a pool and go back to it after the last op that reads them, so a call holds
 * what is live, and the next call reuses the same buffers. A reshape of a dense array is a view, not the copy
 * SameDiff makes (1.9 ms of that pass).
 *
 * <p>GELU (ND4J's fused {@code gelu}, {@code x sigmoid(1.702 x)}) and sigmoid run on the JVM
 * ({@link ActivationKernel}), vectorised by the JIT: ND4J's kernels evaluate one scalar {@code exp} per element
 * (4-5 ns per value measured, 7.7 ms of that forward pass). The results agree with ND4J's to float round-off
 * (tested).
 *
 * <p>Supported: every libnd4j custom op (rebuilt by name with the graph op's integer, float, boolean and data-type
 * arguments) except random ones, the legacy transform and scalar ops of one input whose output has the input's shape
 * and data type, and the legacy sum and float reductions (sum, mean, norms) over axes stored in the op. {@link #supports} says whether a graph can run here; a caller falls back to {@code sd.output} otherwise
 * (control flow, random ops, other legacy op kinds). Weights are read from the graph on every call, so
 * updates in place and replaced arrays both count. Not for concurrent use: legacy ops are executed through the graph's
 * own op objects, so one executor runs one call at a time ({@link #run} is synchronised) and SameDiff must not run
 * the same graph on another thread meanwhile.
 */
public final class ForwardExecutor {
    /** Inputs of at most this many elements count by value, not only by shape, for the output-shape cache. */
    private static final int SMALL = 16;
    /** Custom ops whose output shape depends on the values of a (possibly large) input. */
    private static final Set<String> DATA_DEPENDENT = Set.of("where", "where_np", "boolean_mask", "unique",
            "unique_with_counts", "dynamic_partition", "dynamic_stitch", "listdiff", "non_max_suppression",
            "non_max_suppression_v3", "non_max_suppression_overlaps", "compare_and_bitpack", "choose");

    /**
     * System property choosing how graphs run: {@code samediff} for SameDiff's own session everywhere; anything else
     * (the default) for this executor wherever {@link #appliesTo} and {@link #supports()} allow.
     */
    public static final String PROPERTY = "surrogate.forward";
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final SameDiff sd;
    private final List<String> outputs;
    private final List<Step> steps = new ArrayList<>();
    private final String unsupported;
    private float[] scratch = new float[0];
    /** Buffer group of each value a step computes: a reshape's output shares its input's (it may be a view). */
    private final Map<String, String> group = new HashMap<>();
    /** Per step, the groups no later step reads: their buffers go back to the pool after it. */
    private final List<List<String>> releaseAfter = new ArrayList<>();
    /** Free buffers by data type, order and shape. */
    private final Map<BufferKey, ArrayDeque<INDArray>> pool = new HashMap<>();
    /** Buffers in use by group, including the requested outputs lent to the caller until the next call. */
    private final Map<String, List<INDArray>> held = new HashMap<>();
    private long allocated;
    /** Per step, thread CPU nanoseconds summed over profiled calls; {@code null} when not profiling. */
    private long[] stepNanos;
    private long profiledCalls;

    /**
     * Plans the forward ops that {@code outputs} need.
     *
     * @param sd      the graph
     * @param outputs names of the variables to compute
     * @throws IllegalArgumentException naming an output the graph does not have
     */
    public ForwardExecutor(SameDiff sd, List<String> outputs) {
        this.sd = sd;
        this.outputs = List.copyOf(outputs);
        for (String o : outputs) {
            if (!sd.hasVariable(o)) {
                throw new IllegalArgumentException("the graph has no variable '" + o + "'");
            }
        }
        String why = null;
        List<SameDiffOp> order = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        for (String o : outputs) {
            why = orderOps(o, visited, order, why);
        }
        for (SameDiffOp op : order) {
            if (why != null) {
                break;
            }
            why = whyUnsupported(op);
            if (why == null) {
                steps.add(new Step(op));
            }
        }
        this.unsupported = why;
        if (why == null) {
            planFusedAdds();
            planFusedActivations();
            planBuffers();
        }
    }

    /**
     * Finds sums {@code a + b} where {@code b} is a matrix product computed after {@code a} and both are read by the
     * sum alone (the FNO layer {@code K h + W h}): the product then accumulates into {@code a}'s buffer (GEMM with
     * {@code beta = 1}) and the sum is that buffer, one pass over the activation fewer per layer. Measured: the four
     * such adds of the FNO-1D forward pass took about 0.25 ms each. Where the arrays do not fit at run time (another
     * shape, a view that is not dense) both ops run as they are.
     */
    private void planFusedAdds() {
        Map<String, Integer> producer = new HashMap<>();
        Map<String, Integer> readers = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            for (String o : steps.get(i).outputNames) {
                producer.put(o, i);
            }
            for (String in : steps.get(i).inputs) {
                readers.merge(in, 1, Integer::sum);
            }
        }
        for (Step sum : steps) {
            if (sum.custom == null || !"add".equals(sum.custom.opName()) || sum.inputs.length != 2
                    || sum.outputNames.length != 1) {
                continue;
            }
            String a = sum.inputs[0];
            String b = sum.inputs[1];
            Integer pa = producer.get(a);
            Integer pb = producer.get(b);
            if (pa == null || pb == null || pa > pb || outputs.contains(a) || outputs.contains(b)
                    || readers.get(a) != 1 || readers.get(b) != 1) {
                continue;
            }
            Step product = steps.get(pb);
            Step first = steps.get(pa);
            // a's buffer may be a view of its reshape's input: that must have no other reader either
            boolean exclusive = !first.reshape || (producer.containsKey(first.inputs[0])
                    && readers.get(first.inputs[0]) == 1 && !outputs.contains(first.inputs[0]));
            if (!exclusive || product.custom == null || !"matmul".equals(product.custom.opName())
                    || product.outputNames.length != 1 || !plainProduct(product.custom.tArgs())) {
                continue;
            }
            DynamicCustomOp accumulating = DynamicCustomOp.builder("matmul").build();
            if (product.custom.numIArguments() > 0) {
                accumulating.addIArgument(product.custom.iArgs());
            }
            accumulating.addTArgument(1.0, 1.0);
            product.accumulating = accumulating;
            product.accumulateInto = a;
            sum.fusedProduct = product;
        }
    }

    /**
     * Finds activations ({@link ActivationKernel}) read only by a matrix product that is not transposed (the FNO's
     * projection {@code gelu(h) w} to one channel): when at run time the product is narrow
     * ({@link ActivationKernel#appliesToProduct}), the product applies the activation as it reads the rows and the
     * activated array is never written.
     */
    private void planFusedActivations() {
        Map<String, Integer> readers = new HashMap<>();
        Map<String, Step> reader = new HashMap<>();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Step st = steps.get(i);
            for (String in : st.inputs) {
                readers.merge(in, 1, Integer::sum);
                reader.put(in, st);
            }
            for (String o : st.outputNames) {
                producer.put(o, i);
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            Step act = steps.get(i);
            if (act.kernel == null || act.outputNames.length != 1 || outputs.contains(act.outputNames[0])
                    || readers.getOrDefault(act.outputNames[0], 0) != 1) {
                continue;
            }
            Step product = reader.get(act.outputNames[0]);
            if (product.custom == null || !"matmul".equals(product.custom.opName()) || product.inputs.length != 2
                    || product.outputNames.length != 1 || !act.outputNames[0].equals(product.inputs[0])
                    || product.accumulating != null || !plainProduct(product.custom.tArgs())
                    || !untransposed(product.custom.iArgs())
                    || producer.getOrDefault(product.inputs[1], -1) > i) {
                // (the activation decides whether to defer, so it needs the weights' value already)
                continue;
            }
            act.activatedBy = product;
            product.activation = act;
        }
    }

    /** @return whether a matmul's integer arguments (transpose flags) are absent or all 0 */
    private static boolean untransposed(long[] i) {
        if (i != null) {
            for (long v : i) {
                if (v != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return whether a matmul's float arguments (alpha, beta) are absent or 1 and 0 */
    private static boolean plainProduct(double[] t) {
        return t == null || t.length == 0 || (t[0] == 1 && (t.length < 2 || t[1] == 0) && t.length <= 2);
    }

    /**
     * Assigns every computed value to a buffer group and finds the step after which each group is dead (read by no
     * later step and not requested), so that a call holds only the buffers live at each point, as SameDiff's
     * session does, instead of one buffer per op (measured: peak RSS of an FNO-2D training benchmark 1.46 GB with one
     * buffer per op against 0.89-1.02 GB through the session).
     */
    private void planBuffers() {
        Map<String, Integer> lastRead = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            for (String in : s.inputs) {
                lastRead.put(in, i);
            }
            if (s.activation != null) {
                // a fused product reads the activation's input
                lastRead.put(s.activation.inputs[0], i);
            }
            for (String o : s.outputNames) {
                String parent = s.reshape && group.containsKey(s.inputs[0]) ? group.get(s.inputs[0]) : o;
                if (s.accumulateInto != null) {
                    parent = group.get(s.accumulateInto);
                } else if (s.fusedProduct != null) {
                    parent = group.get(s.inputs[0]);
                }
                group.put(o, parent);
            }
        }
        Map<String, Integer> groupEnd = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            for (String o : steps.get(i).outputNames) {
                int end = outputs.contains(o) ? Integer.MAX_VALUE : lastRead.getOrDefault(o, i);
                groupEnd.merge(group.get(o), end, Math::max);
            }
            releaseAfter.add(new ArrayList<>());
        }
        groupEnd.forEach((g, end) -> {
            if (end != Integer.MAX_VALUE) {
                releaseAfter.get(end).add(g);
            }
        });
    }

    /** What makes pooled buffers interchangeable. */
    private record BufferKey(DataType type, char order, long[] shape) {
        @Override
        public boolean equals(Object o) {
            return o instanceof BufferKey k && k.type == type && k.order == order && Arrays.equals(k.shape, shape);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * type.hashCode() + order) + Arrays.hashCode(shape);
        }
    }

    /** @return a buffer of that shape from the pool, or a new one; held by {@code name}'s group until released */
    private INDArray take(LongShapeDescriptor d, String name) {
        ArrayDeque<INDArray> free = pool.get(new BufferKey(d.dataType(), d.getOrder(), d.getShape()));
        INDArray a;
        if (free == null || free.isEmpty()) {
            a = Nd4j.create(d, false);
            allocated++;
        } else {
            a = free.pop();
        }
        held.computeIfAbsent(group.get(name), k -> new ArrayList<>()).add(a);
        return a;
    }

    private void release(String groupName) {
        List<INDArray> buffers = held.remove(groupName);
        if (buffers != null) {
            for (INDArray a : buffers) {
                pool.computeIfAbsent(new BufferKey(a.dataType(), a.ordering(), a.shape()), k -> new ArrayDeque<>())
                        .push(a);
            }
        }
    }

    /** @return how many sums a product accumulates into (see {@link #planFusedAdds}) */
    int fusedSums() {
        int n = 0;
        for (Step s : steps) {
            n += s.fusedProduct != null ? 1 : 0;
        }
        return n;
    }

    /** @return how many activations are planned into the product that reads them (see {@link #planFusedActivations}) */
    int fusedActivations() {
        int n = 0;
        for (Step s : steps) {
            n += s.activation != null ? 1 : 0;
        }
        return n;
    }

    /** @return buffers allocated so far (the rest came from the pool) */
    long buffersAllocated() {
        return allocated;
    }

    /**
     * @param sd a graph
     * @return whether its passes may run here: it has no listeners (they observe SameDiff's ops) and
     *         {@value #PROPERTY} is not {@code samediff}
     */
    public static boolean appliesTo(SameDiff sd) {
        return sd.getListeners().isEmpty() && !"samediff".equalsIgnoreCase(System.getProperty(PROPERTY, ""));
    }

    /** @return whether every needed op can run here (otherwise {@link #run} throws) */
    public boolean supports() {
        return unsupported == null;
    }

    /** @return why the graph cannot run here, or {@code null} if it can */
    public String unsupportedReason() {
        return unsupported;
    }

    /**
     * One forward pass.
     *
     * @param placeholders a value for every placeholder the outputs need
     * @return the requested variables by name; the arrays are reused by the next call, so copy what must outlive it
     * @throws IllegalStateException if the graph has an op this executor does not run ({@link #supports()})
     * @throws IllegalArgumentException naming a missing placeholder
     */
    public synchronized Map<String, INDArray> run(Map<String, INDArray> placeholders) {
        if (unsupported != null) {
            throw new IllegalStateException("cannot run this graph without SameDiff: " + unsupported);
        }
        // what the previous call lent out comes back
        for (String g : new ArrayList<>(held.keySet())) {
            release(g);
        }
        Map<String, INDArray> values = new HashMap<>();
        long[] timing = stepNanos;
        for (int i = 0; i < steps.size(); i++) {
            long t0 = timing != null ? CPU.getCurrentThreadCpuTime() : 0;
            steps.get(i).execute(values, placeholders);
            if (timing != null) {
                timing[i] += CPU.getCurrentThreadCpuTime() - t0;
            }
            for (String g : releaseAfter.get(i)) {
                release(g);
            }
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String o : outputs) {
            out.put(o, value(o, values, placeholders));
        }
        if (timing != null) {
            profiledCalls++;
        }
        return out;
    }

    /**
     * Time of one graph op per call, from {@link #setProfiling}.
     *
     * @param op       the graph op's name
     * @param type     its ND4J op name, e.g. {@code matmul}
     * @param millis   thread CPU milliseconds per call, averaged over the profiled calls (an op that this executor
     *                 folded into another one shows about zero, the other one its time)
     */
    public record OpTime(String op, String type, double millis) {
    }

    /**
     * Starts (and resets) or stops timing every op of {@link #run} with the calling thread's CPU time: complete with
     * one ND4J thread, where ND4J and BLAS compute in the calling thread. Costs two clock reads per op.
     *
     * @param on whether to time
     */
    public synchronized void setProfiling(boolean on) {
        stepNanos = on ? new long[steps.size()] : null;
        profiledCalls = 0;
    }

    /** @return the ops in execution order with their time per profiled call; empty if none was profiled */
    public synchronized List<OpTime> profile() {
        List<OpTime> t = new ArrayList<>();
        if (stepNanos == null || profiledCalls == 0) {
            return t;
        }
        for (int i = 0; i < steps.size(); i++) {
            SameDiffOp op = steps.get(i).op;
            t.add(new OpTime(op.getName(), op.getOp().opName(), stepNanos[i] / 1e6 / profiledCalls));
        }
        return t;
    }

    /** Depth-first: appends the producers of {@code name} after their own inputs' producers. */
    private String orderOps(String name, Set<String> visited, List<SameDiffOp> order, String why) {
        Variable v = sd.getVariables().get(name);
        if (v == null || !visited.add(name)) {
            return why;
        }
        if (v.getControlDeps() != null && !v.getControlDeps().isEmpty()) {
            why = why != null ? why : "variable " + name + " has control dependencies";
        }
        String producer = v.getOutputOfOp();
        if (producer == null || !visited.add("op:" + producer)) {
            return why;
        }
        SameDiffOp op = sd.getOps().get(producer);
        if (op.getInputsToOp() != null) {
            for (String in : op.getInputsToOp()) {
                why = orderOps(in, visited, order, why);
            }
        }
        if ((op.getControlDeps() != null && !op.getControlDeps().isEmpty())
                || (op.getVarControlDeps() != null && !op.getVarControlDeps().isEmpty())) {
            why = why != null ? why : "op " + producer + " has control dependencies";
        }
        order.add(op);
        return why;
    }

    private static String whyUnsupported(SameDiffOp op) {
        DifferentialFunction f = op.getOp();
        String name = f.opName();
        if (f instanceof RandomOp || name.contains("random") || name.contains("dropout")
                || name.startsWith("distribution")) {
            return "op " + op.getName() + " (" + name + ") draws random numbers";
        }
        if (f instanceof DynamicCustomOp) {
            return null;
        }
        boolean oneInOneOut = op.getInputsToOp() != null && op.getInputsToOp().size() == 1
                && op.getOutputsOfOp().size() == 1;
        if (oneInOneOut && (f instanceof BaseTransformStrictOp || f instanceof BaseTransformSameOp
                || f instanceof BaseTransformFloatOp || f instanceof BaseScalarOp
                || f instanceof BaseReduceSameOp || f instanceof BaseReduceFloatOp)) {
            return null;
        }
        return "op " + op.getName() + " (" + name + ", " + f.getClass().getSimpleName() + ") is not supported";
    }

    private INDArray value(String name, Map<String, INDArray> values, Map<String, INDArray> placeholders) {
        INDArray a = values.get(name);
        if (a != null) {
            return a;
        }
        SDVariable v = sd.getVariable(name);
        if (v.getVariableType() == VariableType.PLACEHOLDER) {
            a = placeholders.get(name);
            if (a == null) {
                throw new IllegalArgumentException("no value for placeholder '" + name + "'");
            }
            return a;
        }
        a = sd.getArrForVarName(name);
        if (a == null) {
            throw new IllegalStateException("variable '" + name + "' has no value");
        }
        return a;
    }

    /** One graph op with its own ND4J op. */
    private final class Step {
        private final SameDiffOp op;
        private final String[] inputs;
        private final String[] outputNames;
        private final DynamicCustomOp custom;
        private final Op legacy;
        private final ActivationKernel kernel;
        private final boolean reshape;
        private final boolean reduce;
        /** A product that adds itself into {@link #accumulateInto}'s buffer ({@link #planFusedAdds}). */
        private DynamicCustomOp accumulating;
        private String accumulateInto;
        /** Whether it did so in this call. */
        private boolean accumulated;
        /** For a sum: the product that adds itself into the first operand, making this op a no-op. */
        private Step fusedProduct;
        /** For an activation: the product that may apply it ({@link #planFusedActivations}). */
        private Step activatedBy;
        /** For a product: the activation it may apply to its first operand. */
        private Step activation;
        /** For an activation: whether this call left it to {@link #activatedBy}. */
        private boolean deferred;
        private long[][] shapeKey;
        private List<LongShapeDescriptor> lastShapes;

        Step(SameDiffOp op) {
            this.op = op;
            this.inputs = op.getInputsToOp() == null ? new String[0] : op.getInputsToOp().toArray(new String[0]);
            this.outputNames = op.getOutputsOfOp().toArray(new String[0]);
            DifferentialFunction f = op.getOp();
            if (f instanceof DynamicCustomOp c) {
                DynamicCustomOp own = DynamicCustomOp.builder(c.opName()).build();
                if (c.numIArguments() > 0) {
                    own.addIArgument(c.iArgs());
                }
                if (c.numTArguments() > 0) {
                    own.addTArgument(c.tArgs());
                }
                if (c.numBArguments() > 0) {
                    own.addBArgument(c.bArgs());
                }
                if (c.numDArguments() > 0) {
                    own.addDArgument(c.dArgs());
                }
                this.custom = own;
                this.legacy = null;
                this.kernel = null;
                this.reshape = "reshape".equals(c.opName()) && outputNames.length == 1;
                this.reduce = false;
            } else {
                this.custom = null;
                this.legacy = (Op) f;
                this.kernel = f instanceof GELU ? ActivationKernel.GELU
                        : f instanceof Sigmoid ? ActivationKernel.SIGMOID : null;
                this.reshape = false;
                this.reduce = f instanceof BaseReduceOp;
            }
        }

        void execute(Map<String, INDArray> values, Map<String, INDArray> placeholders) {
            if (activatedBy != null) {
                INDArray x = value(inputs[0], values, placeholders);
                INDArray w = value(activatedBy.inputs[1], values, placeholders);
                deferred = ActivationKernel.appliesToProduct(x, w);
                if (deferred) {
                    return;
                }
            }
            if (activation != null && activation.deferred) {
                INDArray x = value(activation.inputs[0], values, placeholders);
                INDArray w = value(inputs[1], values, placeholders);
                INDArray z = take(LongShapeDescriptor.fromShape(new long[] {x.size(0), w.size(1)}, DataType.FLOAT),
                        outputNames[0]);
                scratch = activation.kernel.applyThenMultiply(x, w, z, scratch);
                values.put(outputNames[0], z);
                return;
            }
            INDArray[] in = new INDArray[inputs.length];
            for (int i = 0; i < in.length; i++) {
                in[i] = value(inputs[i], values, placeholders);
            }
            if (fusedProduct != null && fusedProduct.accumulated) {
                // the product already added itself into the first operand's buffer
                values.put(outputNames[0], in[0]);
                return;
            }
            if (custom != null) {
                custom.clearArrays();
                custom.addInputArgument(in);
                List<LongShapeDescriptor> shapes = outputShapes(in);
                accumulated = false;
                if (accumulating != null) {
                    INDArray target = values.get(accumulateInto);
                    LongShapeDescriptor d = shapes.get(0);
                    if (target != null && dense(target) && target.dataType() == d.dataType()
                            && Arrays.equals(target.shape(), d.getShape())) {
                        accumulating.clearArrays();
                        accumulating.addInputArgument(in);
                        accumulating.addOutputArgument(target);
                        Nd4j.getExecutioner().exec(accumulating);
                        values.put(outputNames[0], target);
                        accumulated = true;
                        return;
                    }
                }
                if (shapes.size() != outputNames.length) {
                    throw new IllegalStateException("op " + op.getName() + " gives " + shapes.size()
                            + " outputs, the graph names " + outputNames.length);
                }
                if (reshape && dense(in[0]) && shapes.get(0).getOrder() == 'c') {
                    // a view instead of a copy; nothing writes into it, and its group keeps the buffer alive
                    values.put(outputNames[0], in[0].reshape('c', shapes.get(0).getShape()));
                    return;
                }
                INDArray[] o = outputs(shapes);
                custom.addOutputArgument(o);
                Nd4j.getExecutioner().exec(custom);
                store(values, o);
            } else {
                INDArray x = in[0];
                legacy.setX(x);
                INDArray[] o = outputs(reduce ? ((BaseReduceOp) legacy).calculateOutputShape()
                        : List.of(LongShapeDescriptor.fromShape(x.shape(), x.dataType())));
                if (kernel != null && ActivationKernel.applies(x, o[0])) {
                    scratch = kernel.apply(x, o[0], scratch);
                } else {
                    legacy.setZ(o[0]);
                    Nd4j.getExecutioner().exec(legacy);
                }
                store(values, o);
            }
        }

        /**
         * The output shapes libnd4j gives for these inputs, remembered while the inputs' data types and shapes, and
         * the values of small inputs (shape vectors, axes), stay the same: the shape function is a native call of
         * about 20 microseconds, a third of the cost of a small op, about 5 ms of an FNO-1D training step. Not for
         * ops whose output size depends on the values of a large input ({@link #DATA_DEPENDENT}).
         */
        private List<LongShapeDescriptor> outputShapes(INDArray[] in) {
            if (shapeKey != null && !DATA_DEPENDENT.contains(custom.opName()) && numeric(in) && sameKey(in)) {
                return lastShapes;
            }
            lastShapes = Nd4j.getExecutioner().calculateOutputShape(custom);
            shapeKey = key(in);
            return lastShapes;
        }

        private boolean numeric(INDArray[] in) {
            for (INDArray a : in) {
                if (a.dataType() == DataType.UTF8 || a.dataType() == DataType.UNKNOWN) {
                    return false;
                }
            }
            return true;
        }

        private boolean sameKey(INDArray[] in) {
            if (shapeKey.length != in.length) {
                return false;
            }
            for (int i = 0; i < in.length; i++) {
                if (!Arrays.equals(shapeKey[i], key(in[i]))) {
                    return false;
                }
            }
            return true;
        }

        private long[][] key(INDArray[] in) {
            long[][] k = new long[in.length][];
            for (int i = 0; i < in.length; i++) {
                k[i] = key(in[i]);
            }
            return k;
        }

        /** @return data type, rank, shape and, for at most {@value #SMALL} elements, the values' bits */
        private long[] key(INDArray a) {
            long[] shape = a.shape();
            boolean small = a.length() <= SMALL;
            long[] k = new long[2 + shape.length + (small ? (int) a.length() : 0)];
            k[0] = a.dataType().ordinal();
            k[1] = shape.length;
            System.arraycopy(shape, 0, k, 2, shape.length);
            if (small) {
                for (int j = 0; j < a.length(); j++) {
                    k[2 + shape.length + j] = Double.doubleToRawLongBits(a.getDouble(j));
                }
            }
            return k;
        }

        /** @return output buffers of these shapes (see {@link #take}) */
        private INDArray[] outputs(List<LongShapeDescriptor> shapes) {
            INDArray[] o = new INDArray[shapes.size()];
            for (int i = 0; i < o.length; i++) {
                o[i] = take(shapes.get(i), outputNames[i]);
            }
            return o;
        }

        private void store(Map<String, INDArray> values, INDArray[] o) {
            for (int i = 0; i < outputNames.length; i++) {
                values.put(outputNames[i], o[i]);
            }
        }
    }

    /** @return whether {@code a} is non-empty and lies in its buffer in C order without gaps */
    static boolean dense(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && !a.isEmpty();
    }

    /** @return {@code "ForwardExecutor[n ops -> outputs]"} */
    @Override
    public String toString() {
        return "ForwardExecutor[" + steps.size() + " ops -> " + outputs
                + (unsupported == null ? "" : ", unsupported: " + unsupported) + "]";
    }
}
