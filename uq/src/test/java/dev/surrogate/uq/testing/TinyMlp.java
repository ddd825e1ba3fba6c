package dev.surrogate.uq.testing;

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
 * Test-only 1-D operator: the same one-hidden-layer tanh MLP at every grid point, with an optional log-variance
 * channel per output channel. Cheap enough to train ensembles in unit tests.
 */
public final class TinyMlp implements NeuralOperator {
    /** Registered type. */
    public static final String TYPE = "uq-test-mlp";

    static {
        ModelRegistry.register(TYPE, TinyMlp.class, c -> new TinyMlp(((Number) c.get("in")).intValue(),
                ((Number) c.get("out")).intValue(), ((Number) c.get("hidden")).intValue(),
                Boolean.TRUE.equals(c.get("hetero"))));
    }

    private final int in;
    private final int out;
    private final int hidden;
    private final boolean hetero;

    /**
     * @param in     input channels
     * @param out    output channels
     * @param hidden hidden width
     * @param hetero whether to predict a log-variance too
     */
    public TinyMlp(int in, int out, int hidden, boolean hetero) {
        this.in = in;
        this.out = out;
        this.hidden = hidden;
        this.hetero = hetero;
    }

    /** Makes sure the registration ran. */
    public static void register() {
        // class initialisation registers
    }

    @Override
    public boolean heteroscedastic() {
        return hetero;
    }

    @Override
    public SDVariable forward(SameDiff sd, SDVariable input, int[] shape) {
        int o = hetero ? 2 * out : out;
        SDVariable w1 = sd.var("tiny_w1", new XavierInitScheme('c', in, hidden), DataType.FLOAT, in, hidden);
        SDVariable b1 = sd.var("tiny_b1", new ZeroInitScheme('c'), DataType.FLOAT, 1, hidden);
        SDVariable w2 = sd.var("tiny_w2", new XavierInitScheme('c', hidden, o), DataType.FLOAT, hidden, o);
        SDVariable b2 = sd.var("tiny_b2", new ZeroInitScheme('c'), DataType.FLOAT, 1, o);
        SDVariable flat = input.permute(0, 2, 1).reshape(-1, in);
        SDVariable y = sd.math().tanh(flat.mmul(w1).add(b1)).mmul(w2).add(b2);
        return y.reshape(-1, shape[0], o).permute(0, 2, 1);
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
        return 1;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("in", in);
        m.put("out", out);
        m.put("hidden", hidden);
        m.put("hetero", hetero);
        return m;
    }
}
