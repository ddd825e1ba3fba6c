package dev.surrogate.operators.training;

import java.io.Serializable;
import java.util.List;
import org.nd4j.evaluation.BaseEvaluation;
import org.nd4j.evaluation.IMetric;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean of a scalar graph variable over the training iterations of an epoch, registered by {@link TrainingRun} as a
 * SameDiff training evaluation on the loss. Registering it is what makes SameDiff 1.0.0-M2.1 compute the loss value
 * in a training step at all: the backward pass does not need the forward loss value, so without a consumer the
 * loss op is pruned and the reported loss is 0 (deeplearning4j issues 9684 and 9806).
 */
final class LossMean extends BaseEvaluation<LossMean> {
    private static final long serialVersionUID = 1L;

    private double sum;
    private long count;

    @Override
    public void eval(INDArray labels, INDArray value, INDArray mask, List<? extends Serializable> recordMetaData) {
        sum += value.getDouble(0);
        count++;
    }

    @Override
    public void merge(LossMean other) {
        sum += other.sum;
        count += other.count;
    }

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }

    /** @return mean value seen since the last reset (NaN if none) */
    double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    @Override
    public String stats() {
        return "mean loss " + mean() + " over " + count + " iterations";
    }

    @Override
    public double getValue(IMetric metric) {
        return mean();
    }

    @Override
    public LossMean newInstance() {
        return new LossMean();
    }
}
