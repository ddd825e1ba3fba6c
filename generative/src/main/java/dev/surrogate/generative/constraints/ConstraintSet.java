package dev.surrogate.generative.constraints;

import dev.surrogate.operators.physics.DatasetPhysics;
import dev.surrogate.pde.equations.Burgers1D;
import dev.surrogate.pde.residual.OperatorMatrices;
import dev.surrogate.pde.residual.TimeStencil;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hard constraints of constrained sampling, bound to the data a flow forecasts: which kinds, and everything
 * they need (the data's physics, grid, snapshot spacing, observations), from which {@link #constraints} builds the
 * {@link Constraint}s of each drawn target. Kinds:
 * <ul>
 *   <li>{@code mean}: every generated snapshot keeps the spatial mean of the last given one, per field (Burgers'
 *       and the mean-free forced vorticity equation's conserved quantity);</li>
 *   <li>{@code zero-mean}: every generated snapshot has mean zero (the vorticity of the toolkit's Navier-Stokes
 *       data);</li>
 *   <li>{@code observations}: values prescribed at points and times ({@link Observations}, data assimilation);</li>
 *   <li>{@code energy}: Burgers' discrete energy balance between snapshots ({@link EnergyBalance}), with the
 *       time difference of the PDE residual (order {@link #ORDER}) over the last given and the generated
 *       snapshots; nonlinear.</li>
 * </ul>
 */
public final class ConstraintSet {
    /** Kinds {@link #create} accepts. */
    public static final List<String> KINDS = List.of("mean", "zero-mean", "observations", "energy");
    /** Default relative tolerance of the final projection of nonlinear constraints. */
    public static final double DEFAULT_TOLERANCE = 1e-6;
    /**
     * Default largest number of steps of the final projection: a ceiling, the projection stops at the tolerance. It
     * was sized for Gauss-Newton steps alone, with which the energy balance converges only linearly from rough
     * draws: from solver trajectories of the Burgers benchmark (nx 128, 25 generated snapshots) with white noise of
     * 1 / 3 / 10 / 30 % of their RMS added, a 1e-6 tolerance took 16-19 / 31-43 / 72-119 / 181-287 steps (one of six
     * draws at 30 % not within 300), about 2 ms each. The final projection now takes Newton steps on the Lagrange
     * conditions ({@link GaussNewtonProjection}), about 20 from 10-30 % noise, each of which factors one matrix per
     * snapshot; Gauss-Newton steps remain the fallback.
     */
    public static final int DEFAULT_STEPS = 300;
    /** Order of the time difference of the energy balance (that of {@code pde_residual}). */
    public static final int ORDER = 4;

    private final List<String> kinds;
    private final Observations observations;
    private final DatasetPhysics physics;
    private final int fields;
    private final int points;
    private final double spacing;
    private final Map<Long, Integer> positions;
    private final double tolerance;
    private final int maxSteps;
    private final double[] dxx;
    private final int timeCount;

    /**
     * Where a drawn target sits and what it is drawn from.
     *
     * @param condition     the task's input values of the row, physical, {@code [window * F + parameters, *space]}
     *                      from {@code offset} (the given snapshots first, oldest first)
     * @param offset        first value of the row in {@code condition}
     * @param window        given snapshots in the condition
     * @param global        the input's global sample index
     * @param firstTime     snapshot index (in the data) of the first generated snapshot
     * @param horizon       generated snapshots H
     * @param followsWindow whether the generated snapshots directly follow the given ones (false for the
     *                      {@code final} task, whose target is the last snapshot)
     */
    public record Row(float[] condition, int offset, int window, long global, int firstTime, int horizon,
            boolean followsWindow) {
    }

    private ConstraintSet(List<String> kinds, Observations observations, DatasetPhysics physics, int fields,
            int points, double spacing, Map<Long, Integer> positions, double tolerance, int maxSteps, double[] dxx,
            int timeCount) {
        this.timeCount = timeCount;
        this.kinds = kinds;
        this.observations = observations;
        this.physics = physics;
        this.fields = fields;
        this.points = points;
        this.spacing = spacing;
        this.positions = positions;
        this.tolerance = tolerance;
        this.maxSteps = maxSteps;
        this.dxx = dxx;
    }

    /**
     * @param kinds         constraint kinds (see the class documentation), at least one
     * @param observations  observed values, needed for {@code observations} (null otherwise)
     * @param fields        the model's fields, in channel order
     * @param shape         grid
     * @param times         the data's snapshot times
     * @param physics       the data's physics (needed for {@code energy}; may be null otherwise)
     * @param globalIndices global sample index of every sample of the data, by position (for per-sample parameters)
     * @param tolerance     relative tolerance of the final projection of nonlinear constraints, positive
     * @param maxSteps      largest number of Gauss-Newton steps of the final projection, at least 1
     * @return the set
     * @throws IllegalArgumentException for an unknown or unusable kind (naming it and why)
     */
    public static ConstraintSet create(List<String> kinds, Observations observations, List<String> fields,
            int[] shape, double[] times, DatasetPhysics physics, long[] globalIndices, double tolerance,
            int maxSteps) {
        List<String> k = new ArrayList<>();
        for (String s : kinds) {
            String n = s.trim().toLowerCase(Locale.ROOT);
            if (!KINDS.contains(n)) {
                throw new IllegalArgumentException("unknown constraint '" + s + "': expected some of " + KINDS);
            }
            if (!k.contains(n)) {
                k.add(n);
            }
        }
        if (k.isEmpty()) {
            throw new IllegalArgumentException("no constraint given: expected some of " + KINDS);
        }
        if (k.contains("mean") && k.contains("zero-mean")) {
            throw new IllegalArgumentException("'mean' and 'zero-mean' prescribe the same means: choose one");
        }
        if (k.contains("observations") != (observations != null)) {
            throw new IllegalArgumentException(observations == null ? "constraint 'observations' needs a file of "
                    + "observations (--observe FILE)" : "observations were given but the constraints " + k
                    + " do not include 'observations'");
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("constraint tolerance must be positive and finite, got " + tolerance);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("constraint projection steps must be >= 1, got " + maxSteps);
        }
        int points = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double spacing = times.length > 1 ? TimeStencil.uniform(times, 2).spacing() : Double.NaN;
        double[] dxx = null;
        if (k.contains("energy")) {
            if (physics == null || !physics.equation().equals("burgers") || !fields.equals(List.of("u"))) {
                throw new IllegalArgumentException("constraint 'energy' is Burgers' energy balance: it needs Burgers "
                        + "data (attribute equation = burgers) and a model of the field u, got "
                        + (physics == null ? "no physics" : physics.equation()) + " and fields " + fields);
            }
            SpectralGrid1D grid = physics.grid1D();
            double[] lap = new Burgers1D(grid, 1.0).linearDiagonal();
            dxx = OperatorMatrices.of(grid, h -> {
                for (int i = 0; i < h.length; i++) {
                    h[i] *= lap[i];
                }
            });
        }
        Map<Long, Integer> positions = new HashMap<>();
        for (int i = 0; i < globalIndices.length; i++) {
            positions.put(globalIndices[i], i);
        }
        return new ConstraintSet(List.copyOf(k), observations, physics, fields.size(), points, spacing, positions,
                tolerance, maxSteps, dxx, times.length);
    }

    /** @return snapshots per trajectory of the data */
    public int timeCount() {
        return timeCount;
    }

    /** @return the kinds, in the order given */
    public List<String> kinds() {
        return kinds;
    }

    /** @return relative tolerance of the final projection of nonlinear constraints */
    public double tolerance() {
        return tolerance;
    }

    /** @return largest number of Gauss-Newton steps of the final projection */
    public int maxSteps() {
        return maxSteps;
    }

    /** @return the settings as plain values, for reports */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("constraints", kinds);
        m.put("tolerance", tolerance);
        m.put("max_steps", maxSteps);
        if (observations != null) {
            m.put("observations", observations.size());
            if (observations.file() != null) {
                m.put("observations_file", observations.file().toString());
            }
        }
        return m;
    }

    /**
     * The constraints of one drawn target.
     *
     * @param row where the target sits
     * @return its constraints, in the order of {@link #kinds()} (kinds with nothing to constrain, such as
     *         observations of another sample, give none)
     * @throws IllegalArgumentException if a kind cannot apply to this target (e.g. the energy balance of a target
     *                                  that does not follow its given snapshots)
     */
    public List<Constraint> constraints(Row row) {
        List<Constraint> out = new ArrayList<>();
        int f = fields;
        int h = row.horizon();
        int lastGiven = row.offset() + (row.window() - 1) * f * points;
        for (String kind : kinds) {
            switch (kind) {
                case "mean", "zero-mean" -> {
                    int[] channels = new int[h * f];
                    double[] targets = new double[h * f];
                    double sq = 0;
                    for (int field = 0; field < f; field++) {
                        double sum = 0;
                        for (int i = 0; i < points; i++) {
                            double v = row.condition()[lastGiven + field * points + i];
                            sum += v;
                            sq += v * v;
                        }
                        for (int j = 0; j < h; j++) {
                            channels[j * f + field] = j * f + field;
                            targets[j * f + field] = kind.equals("mean") ? sum / points : 0;
                        }
                    }
                    out.add(new SnapshotMean(kind, points, channels, targets, Math.sqrt(sq / (f * points))));
                }
                case "observations" -> {
                    List<Integer> idx = new ArrayList<>();
                    List<Double> val = new ArrayList<>();
                    double sq = 0;
                    for (Observations.Value o : observations.of(row.global())) {
                        int j = o.time() - row.firstTime();
                        if (j >= 0 && j < h) {
                            idx.add((j * f + o.field()) * points + o.point());
                            val.add(o.value());
                            sq += o.value() * o.value();
                        }
                    }
                    if (!idx.isEmpty()) {
                        out.add(new PointValues(idx.stream().mapToInt(Integer::intValue).toArray(),
                                val.stream().mapToDouble(Double::doubleValue).toArray(), Math.sqrt(sq / idx.size())));
                    }
                }
                case "energy" -> out.add(energy(row));
                default -> throw new IllegalStateException(kind);
            }
        }
        return out;
    }

    private EnergyBalance energy(Row row) {
        if (!row.followsWindow()) {
            throw new IllegalArgumentException("the energy balance needs generated snapshots that directly follow the "
                    + "given ones (trajectory or next tasks)");
        }
        int given = Math.min(row.window(), ORDER);
        int h = row.horizon();
        if (given + h < ORDER + 1) {
            throw new IllegalArgumentException("the energy balance's time difference of order " + ORDER + " needs "
                    + (ORDER + 1) + " snapshots, the window has " + given + " given and " + h + " generated");
        }
        Integer position = positions.get(row.global());
        if (position == null) {
            throw new IllegalArgumentException("no parameters for sample " + row.global() + " in the data");
        }
        double nu = physics.parameters(position)[0];
        double[] g = new double[given * points];
        int from = row.offset() + (row.window() - given) * points;
        for (int i = 0; i < g.length; i++) {
            g[i] = row.condition()[from + i];
        }
        double[] stencil = new TimeStencil(ORDER, given + h, spacing).matrix();
        return new EnergyBalance(points, physics.grid1D().length(), nu, dxx, stencil, given, h, g);
    }

    /**
     * The projection of one drawn target onto its constraints.
     *
     * @param row  where the target sits
     * @param mean per target channel mean of the flow's normalisation
     * @param std  per target channel standard deviation
     * @return the projection
     */
    public GaussNewtonProjection projection(Row row, double[] mean, double[] std) {
        return new GaussNewtonProjection(constraints(row), mean, std, points);
    }
}
