package dev.surrogate.operators.losses;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Mean squared error over every element (batch, channels and grid points), in the field's unit squared. */
public final class MseLoss implements Loss {

    @Override
    public SDVariable apply(SameDiff sd, SDVariable prediction, SDVariable target, int[] spatialShape) {
        SDVariable d = prediction.sub(target);
        return d.mul(d).mean();
    }

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public String toString() {
        return "MseLoss";
    }
}
