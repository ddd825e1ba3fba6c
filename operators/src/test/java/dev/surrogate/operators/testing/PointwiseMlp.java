package dev.surrogate.operators.testing;

import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.ModelRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.nd4j.weightinit.impl.ZeroInitScheme;

/**
 * A test-only operator: the same one-hidden-layer tanh MLP applied at every grid point (1-D or 2-D). Pointwise, so
 * trivially resolution-independent; enough to exercise training, checkpoints and inference without the FNO.
 */
public final class PointwiseMlp implements NeuralOperator {
    /** Type name registered with {@link ModelRegistry}. */
    public static final String TYPE = "test-pointwise-mlp";

    static {
        ModelRegistry.register(TYPE, PointwiseMlp.class, PointwiseMlp::fromConfig);
    }

    private final int in;
    private final int hidden;
    private final int out;
    private final int dims;
    private final boolean hetero;

    /**
     * @param in     input channels
     * @param hidden hidden width
     * @param out    output channels
     * @param dims   spatial dimensions (1 or 2)
     */
    public PointwiseMlp(int in, int hidden, int out, int dims) {
        this(in, hidden, out, dims, false);
    }

    /**
     * @param in     input channels
     * @param hidden hidden width
     * @param out    output channels
     * @param dims   spatial dimensions (1 or 2)
     * @param hetero whether to output a log-variance channel per output channel
     */
    public PointwiseMlp(int in, int hidden, int out, int dims, boolean hetero) {
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        this.dims = dims;
        this.hetero = hetero;
    }

    @Override
    public boolean heteroscedastic() {
        return hetero;
    }

    /** Makes sure the static registration ran. */
    public static void register() {
        // class initialisation does the work
    }

    static PointwiseMlp fromConfig(Map<String, ?> c) {
        return new PointwiseMlp(((Number) c.get("in")).intValue(), ((Number) c.get("hidden")).intValue(),
                ((Number) c.get("out")).intValue(), ((Number) c.get("dims")).intValue(),
                Boolean.TRUE.equals(c.get("hetero")));
    }

    @Override
    public SDVariable forward(SameDiff sd, SDVariable input, int[] spatialShape) {
        int o = hetero ? 2 * out : out;
        SDVariable w1 = sd.var("mlp_w1", new XavierInitScheme('c', in, hidden), DataType.FLOAT, in, hidden);
        SDVariable b1 = sd.var("mlp_b1", new ZeroInitScheme('c'), DataType.FLOAT, 1, hidden);
        SDVariable w2 = sd.var("mlp_w2", new XavierInitScheme('c', hidden, o), DataType.FLOAT, hidden, o);
        SDVariable b2 = sd.var("mlp_b2", new ZeroInitScheme('c'), DataType.FLOAT, 1, o);
        int[] toLast = dims == 1 ? new int[] {0, 2, 1} : new int[] {0, 2, 3, 1};
        int[] toFirst = dims == 1 ? new int[] {0, 2, 1} : new int[] {0, 3, 1, 2};
        SDVariable flat = input.permute(toLast).reshape(-1, in);
        SDVariable h = sd.math().tanh(flat.mmul(w1).add(b1));
        SDVariable y = h.mmul(w2).add(b2);
        long[] back = dims == 1 ? new long[] {-1, spatialShape[0], o}
                : new long[] {-1, spatialShape[0], spatialShape[1], o};
        return y.reshape(back).permute(toFirst);
    }

    @Override
    public int inChannels() {
        return in;
    }

    @Override
    public int outChannels() {
        return out;
    }

    @Override
    public int spatialDims() {
        return dims;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("in", in);
        m.put("hidden", hidden);
        m.put("out", out);
        m.put("dims", dims);
        m.put("hetero", hetero);
        return m;
    }
}
