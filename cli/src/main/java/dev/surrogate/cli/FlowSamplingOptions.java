package dev.surrogate.cli;

import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.generative.constraints.ConstraintSet;
import dev.surrogate.generative.constraints.Observations;
import dev.surrogate.generative.flow.FlowForecaster;
import dev.surrogate.generative.flow.FlowModel;
import dev.surrogate.generative.sampling.DormandPrinceSampler;
import dev.surrogate.generative.sampling.Sampler;
import dev.surrogate.generative.sampling.Samplers;
import dev.surrogate.generative.sampling.StochasticSampler;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.physics.DatasetPhysics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How {@code predict} and {@code evaluate} draw from a flow model; include with {@code @ArgGroup}. */
final class FlowSamplingOptions {

    @Option(names = "--sampler", paramLabel = "NAME",
            description = "Flow models: euler, heun, rk4 (--steps equal steps; 1, 2, 4 velocity evaluations per step), "
                    + "dopri (adaptive Dormand-Prince 5(4), --rtol/--atol; dopri853: 8(5,3)), stochastic (PBFM's "
                    + "re-noising sampler below --switch-time, Euler above), mean (average-velocity models from "
                    + "'train meanflow': --steps jumps of the learned flow map, one evaluation each). Default: euler, "
                    + "and mean for average-velocity models.")
    String sampler;

    @Option(names = "--steps", paramLabel = "N",
            description = "Flow models: steps of the fixed-step and stochastic samplers. Default: "
                    + Samplers.DEFAULT_STEPS + ".")
    Integer steps;

    @Option(names = "--rtol", paramLabel = "R",
            description = "Flow models: relative tolerance of dopri. Default: " + DormandPrinceSampler.DEFAULT_RTOL
                    + ".")
    Double rtol;

    @Option(names = "--atol", paramLabel = "A",
            description = "Flow models: absolute tolerance of dopri (normalised units). Default: "
                    + DormandPrinceSampler.DEFAULT_ATOL + ".")
    Double atol;

    @Option(names = "--switch-time", paramLabel = "T",
            description = "Flow models: the stochastic sampler re-noises at step times below T. Default: "
                    + StochasticSampler.DEFAULT_SWITCH + " (PBFM's).")
    Double switchTime;

    @Option(names = "--constrain", paramLabel = "KINDS", split = ",",
            description = "Flow models: hard constraints, enforced by PCFM's constrained sampling (with --sampler "
                    + "euler's --steps: at every step the clean estimate z + (1 - t) v is projected by Gauss-Newton "
                    + "and the state goes back along the path from its noise; a final projection ends each draw): "
                    + "mean (every generated snapshot keeps the last given snapshot's spatial mean), zero-mean, "
                    + "observations (values of --observe FILE), energy (Burgers' discrete energy balance "
                    + "d/dt 1/2 int u^2 = -nu int u_x^2 between snapshots, nonlinear). Linear ones hold to round-off.")
    List<String> constrain;

    @Option(names = "--observe", paramLabel = "FILE.csv",
            description = "Flow models: sparse observations to honour (data assimilation; implies --constrain "
                    + "observations): CSV with a header sample,time,x[,y][,field],value (global sample index, "
                    + "snapshot index in --data, grid indices).")
    Path observe;

    @Option(names = "--constraint-tolerance", paramLabel = "TOL",
            description = "Flow models: relative tolerance of the final projection onto nonlinear constraints. "
                    + "Default: " + ConstraintSet.DEFAULT_TOLERANCE + ".")
    Double constraintTolerance;

    @Option(names = "--constraint-steps", paramLabel = "N",
            description = "Flow models: largest number of Gauss-Newton steps of the final projection. Default: "
                    + ConstraintSet.DEFAULT_STEPS + ".")
    Integer constraintSteps;

    /** @return whether any option was given */
    boolean given() {
        return sampler != null || steps != null || rtol != null || atol != null || switchTime != null
                || constrain != null || observe != null || constraintTolerance != null || constraintSteps != null;
    }

    /** @return the constraint kinds asked for (with observations when --observe is given), empty if none */
    List<String> constraintKinds() {
        List<String> k = new ArrayList<>(constrain == null ? List.of() : constrain);
        if (observe != null && !k.contains("observations")) {
            k.add("observations");
        }
        return k;
    }

    /**
     * The kinds {@code evaluate} measures: those asked for, or else the data's conserved quantities (Burgers: the
     * mean and, for targets after the window, the energy balance; Navier-Stokes: the zero vorticity mean).
     *
     * @param flow    the model
     * @param physics the data's physics, or null
     * @return the kinds (empty: nothing to measure)
     */
    List<String> measuredKinds(FlowModel flow, DatasetPhysics physics) {
        List<String> k = constraintKinds();
        if (!k.isEmpty() || physics == null) {
            return k;
        }
        Task task = flow.task();
        boolean follows = !task.name().equals("final");
        return switch (physics.equation()) {
            case "burgers" -> follows && Math.min(task.window(), ConstraintSet.ORDER) + task.horizon()
                    >= ConstraintSet.ORDER + 1 ? List.of("mean", "energy") : List.of("mean");
            case "navier-stokes" -> List.of("zero-mean");
            default -> List.of();
        };
    }

    /**
     * @param reader the data
     * @return the data's physics, or null when the file has none (no residual for its equation)
     */
    static DatasetPhysics physics(DatasetReader reader) {
        try {
            return DatasetPhysics.of(reader);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Binds constraint kinds to the data.
     *
     * @param kinds  the kinds
     * @param flow   the model
     * @param data   the data (the model's fields)
     * @param reader the same file's reader
     * @return the set
     * @throws IOException if the observations cannot be read
     */
    ConstraintSet constraintSet(List<String> kinds, FlowModel flow, FieldSource data, DatasetReader reader)
            throws IOException {
        Observations obs = null;
        if (kinds.contains("observations")) {
            if (observe == null) {
                throw new IllegalArgumentException("--constrain observations needs --observe FILE");
            }
            obs = Observations.read(observe, flow.config().fields(), data.spatialShape(), data.timeCount());
        } else if (observe != null) {
            throw new IllegalArgumentException("--observe FILE needs the constraint 'observations'");
        }
        return ConstraintSet.create(kinds, obs, flow.config().fields(), data.spatialShape(), reader.times(),
                physics(reader), reader.sampleIndices(),
                constraintTolerance == null ? ConstraintSet.DEFAULT_TOLERANCE : constraintTolerance,
                constraintSteps == null ? ConstraintSet.DEFAULT_STEPS : constraintSteps);
    }

    /**
     * @param flow   the loaded flow
     * @param data   the data it forecasts (for constraints)
     * @param reader the same file's reader
     * @return its forecaster with the chosen sampler, constrained when asked
     * @throws IOException if the observations cannot be read
     */
    FlowForecaster forecaster(FlowModel flow, FieldSource data, DatasetReader reader) throws IOException {
        FlowForecaster f = forecaster(flow);
        List<String> kinds = constraintKinds();
        if (kinds.isEmpty()) {
            if (constraintTolerance != null || constraintSteps != null) {
                throw new IllegalArgumentException("--constraint-tolerance and --constraint-steps need --constrain");
            }
            return f;
        }
        if (sampler != null && !sampler.equalsIgnoreCase("euler")) {
            throw new IllegalArgumentException("--constrain samples by PCFM's Euler-like steps: use --sampler euler "
                    + "(with --steps), not " + sampler);
        }
        return f.withConstraints(constraintSet(kinds, flow, data, reader));
    }

    /**
     * @param model a model directory
     * @throws IllegalArgumentException if sampler options were given for a model that is not a flow
     */
    void checkApplies(Path model) {
        if (given()) {
            throw new IllegalArgumentException("--sampler, --steps, --rtol, --atol, --switch-time, --constrain, "
                    + "--observe, --constraint-tolerance and --constraint-steps apply to flow models; " + model
                    + " is not one");
        }
    }

    /**
     * @param flow the loaded flow
     * @return its forecaster with the chosen sampler
     */
    FlowForecaster forecaster(FlowModel flow) {
        String name = sampler != null ? sampler : flow.averageVelocity() ? "mean" : "euler";
        Sampler s = Samplers.create(name, steps == null ? Samplers.DEFAULT_STEPS : steps,
                rtol == null ? DormandPrinceSampler.DEFAULT_RTOL : rtol,
                atol == null ? DormandPrinceSampler.DEFAULT_ATOL : atol,
                switchTime == null ? StochasticSampler.DEFAULT_SWITCH : switchTime, flow.settings().path());
        return new FlowForecaster(flow, s);
    }
}
