package dev.surrogate.cli;

import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.ModelRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.nd4j.weightinit.impl.ZeroInitScheme;

/** Test-only 1-D model: a pointwise tanh MLP, so the CLI can be tested without the FNO. */
final class TinyPointwise implements NeuralOperator {
    static final String TYPE = "cli-test-pointwise";

    static {
        ModelRegistry.register(TYPE, TinyPointwise.class, c -> new TinyPointwise(
                ((Number) c.get("in")).intValue(), ((Number) c.get("out")).intValue(),
                ((Number) c.get("width")).intValue(), Boolean.TRUE.equals(c.get("hetero"))));
        CliModels.register("tiny", (o, in, out, dims, seed) -> {
            if (dims != 1) {
                throw new IllegalArgumentException("tiny is 1-D only");
            }
            return new TinyPointwise(in, out, ModelOptions.or(o.width, 8), o.heteroscedastic);
        });
    }

    private final int in;
    private final int out;
    private final int width;
    private final boolean hetero;

    TinyPointwise(int in, int out, int width, boolean hetero) {
        this.in = in;
        this.out = out;
        this.width = width;
        this.hetero = hetero;
    }

    @Override
    public boolean heteroscedastic() {
        return hetero;
    }

    static void register() {
        // class initialisation registers
    }

    @Override
    public SDVariable forward(SameDiff sd, SDVariable input, int[] shape) {
        SDVariable w1 = sd.var("tiny_w1", new XavierInitScheme('c', in, width), input.dataType(), in, width);
        SDVariable b1 = sd.var("tiny_b1", new ZeroInitScheme('c'), input.dataType(), 1, width);
        int o = hetero ? 2 * out : out;
        SDVariable w2 = sd.var("tiny_w2", new XavierInitScheme('c', width, o), input.dataType(), width, o);
        SDVariable flat = input.permute(0, 2, 1).reshape(-1, in);
        SDVariable y = sd.math().tanh(flat.mmul(w1).add(b1)).mmul(w2);
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
        m.put("width", width);
        m.put("hetero", hetero);
        return m;
    }
}
