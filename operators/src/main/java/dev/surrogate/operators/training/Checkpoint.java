package dev.surrogate.operators.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * State at the end of an epoch: enough to continue training exactly where it stopped.
 *
 * @param epochsDone   completed epochs
 * @param iteration    optimiser steps taken (Adam's bias correction depends on it)
 * @param weights      trainable arrays by variable name
 * @param updaterState optimiser state by variable name, then by state key (Adam: {@code M}, {@code V})
 * @param history      one record per completed epoch
 */
public record Checkpoint(int epochsDone, int iteration, Map<String, INDArray> weights,
        Map<String, Map<String, INDArray>> updaterState, List<EpochRecord> history) {

    /** Copies the maps (not the arrays) and the history. */
    public Checkpoint {
        weights = new LinkedHashMap<>(weights);
        Map<String, Map<String, INDArray>> u = new LinkedHashMap<>();
        updaterState.forEach((k, v) -> u.put(k, new LinkedHashMap<>(v)));
        updaterState = u;
        history = List.copyOf(history);
    }
}
