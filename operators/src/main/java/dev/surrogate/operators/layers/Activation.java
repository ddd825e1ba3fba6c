package dev.surrogate.operators.layers;

import java.util.Locale;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Pointwise nonlinearities by name, so model configs can store them as strings. */
public enum Activation {
    /**
     * GELU in its sigmoid approximation {@code x sigmoid(1.702 x)} (Hendrycks and Gimpel 2016, sec. 2), NOT the
     * exact {@code x Phi(x) = 0.5 x (1 + erf(x / sqrt 2))} of PyTorch's default {@code F.gelu}; the two differ by
     * at most about 0.02. ND4J's {@code gelu} op computes exactly this form (checked in the tests) as one fused op;
     * ND4J M2.1 has no exact-erf GELU op ({@code precise_gelu} computes
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + (0.044715 x)^3)))}, measured 0.831 at {@code x = 1} against the exact
     * 0.841: a tanh form with the coefficient cubed too). Inference
     * runs the same function on the JVM ({@link dev.surrogate.operators.ActivationKernel}, through
     * {@link dev.surrogate.operators.ForwardExecutor}; SameDiff's own executor runs the fused op); training runs it
     * through {@code sigmoid}, with a cheaper derivative
     * ({@link dev.surrogate.operators.GradientRewrites#geluThroughSigmoid}, applied by
     * {@link dev.surrogate.operators.Nd4jRuntime#createGradients}).
     */
    GELU,
    /** Hyperbolic tangent. */
    TANH,
    /** Rectified linear unit. */
    RELU,
    /** Identity (no nonlinearity). */
    IDENTITY;

    /** Coefficient of the sigmoid approximation of GELU. */
    public static final double GELU_SIGMOID_COEFFICIENT = 1.702;

    /**
     * @param sd the graph
     * @param x  any shape
     * @return the activation applied elementwise, same shape
     */
    public SDVariable apply(SameDiff sd, SDVariable x) {
        switch (this) {
            case GELU:
                return sd.nn().gelu(x);
            case TANH:
                return sd.math().tanh(x);
            case RELU:
                return sd.nn().relu(x, 0);
            case IDENTITY:
                return x;
            default:
                throw new IllegalStateException("unhandled activation " + this);
        }
    }

    /** @return the lower-case name used in configs */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code gelu}, {@code tanh}, {@code relu} or {@code identity} (any case)
     * @return the activation
     * @throws IllegalArgumentException for any other name
     */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; expected gelu, tanh, relu or identity");
    }
}
