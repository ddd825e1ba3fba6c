package dev.surrogate.operators.physics;

import dev.surrogate.datasets.io.DatasetFormatException;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.physics.ReactionDiffusionResidual.Reaction;
import dev.surrogate.pde.equations.Burgers1D;
import dev.surrogate.pde.equations.FitzHughNagumo2D;
import dev.surrogate.pde.equations.Forcing2D;
import dev.surrogate.pde.equations.GrayScott2D;
import dev.surrogate.pde.equations.NavierStokes2D;
import dev.surrogate.pde.residual.TimeStencil;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import dev.surrogate.pde.time.PseudoSpectralEquation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The PDE a dataset file holds, read from what the generator stores: the global attribute {@code equation}, the
 * grid ({@code x}, {@code y} and {@code domain_length}), the constant {@code forcing} of Navier-Stokes, and the
 * physical parameters, each either a variable on {@code sample} (swept) or a global attribute ({@code nu};
 * {@code diffusion_u}, {@code diffusion_v}, {@code feed_rate}, {@code kill_rate}; {@code k}). Prediction files
 * written by {@code predict} carry the same attributes and parameters.
 *
 * <p>From it come both residual evaluations: the {@code double[]} reference, through the {@code pde} equation
 * itself ({@link #solverEquation(double[])}), and the differentiable SameDiff one ({@link #residual()}), with the
 * parameters of every sample ({@link #parameters(int)}) in the order of {@link #parameterNames()}.
 */
public final class DatasetPhysics {
    /** Equations with a residual, as in the attribute {@code equation}. */
    public static final List<String> SUPPORTED = List.of("burgers", "navier-stokes", "gray-scott",
            "fitzhugh-nagumo");

    private final String equation;
    private final SpectralGrid1D grid1;
    private final SpectralGrid2D grid2;
    private final Forcing2D forcing;
    private final List<String> fields;
    private final List<String> parameterNames;
    private final double[][] parameters;
    private final double[] times;

    private DatasetPhysics(String equation, SpectralGrid1D grid1, SpectralGrid2D grid2, Forcing2D forcing,
                           List<String> fields, List<String> parameterNames, double[][] parameters,
                           double[] times) {
        this.equation = equation;
        this.grid1 = grid1;
        this.grid2 = grid2;
        this.forcing = forcing;
        this.fields = fields;
        this.parameterNames = parameterNames;
        this.parameters = parameters;
        this.times = times;
    }

    /**
     * Reads the physics of an open dataset.
     *
     * @param reader the dataset (or prediction file)
     * @return its physics
     * @throws IllegalArgumentException if the equation has no residual here, its grid does not suit the equation,
     *                                  or the forcing expression is unknown (messages name the file and value)
     * @throws DatasetFormatException   if the attribute {@code equation}, a field or a parameter is missing
     * @throws IOException              on a read error
     */
    public static DatasetPhysics of(DatasetReader reader) throws IOException {
        String file = reader.file().toString();
        int[] shape = reader.spatialDimensions() == 1 ? new int[] {reader.nx()} : new int[] {reader.ny(), reader.nx()};
        double length = reader.domainLength();
        double[] lengths;
        if (shape.length == 1) {
            lengths = new double[] {length};
        } else {
            double[] y = reader.y();
            double ly = y.length > 1 ? y.length * (y[1] - y[0]) : length;
            lengths = new double[] {Math.abs(ly - length) < 1e-9 * length ? length : ly, length};
        }
        try {
            return build(file, reader.attributes(), shape, lengths, reader.fieldNames(), reader.sampleCount(),
                    name -> {
                        try {
                            return reader.parameter(name);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, reader.times());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Reads the physics of a field source (what a training objective sees: its attributes, grid, fields and
     * per-sample parameters), for physics losses.
     *
     * @param source the source (e.g. a {@code NetcdfFieldSource} or a cached copy of one)
     * @param name   how to name the source in messages (e.g. its file)
     * @return its physics
     * @throws IllegalArgumentException if the equation has no residual, is not named by the attribute
     *                                  {@code equation}, lacks a field or parameter, or its grid does not suit it
     */
    public static DatasetPhysics of(FieldSource source, String name) {
        try {
            return build(name, source.attributes(), source.spatialShape(), source.domainLengths(),
                    source.fieldNames(), source.sampleCount(), source::parameter, source.times());
        } catch (DatasetFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static DatasetPhysics build(String file, Map<String, Object> attributes, int[] shape, double[] lengths,
                                        List<String> available, int samples, Function<String, double[]> parameter,
                                        double[] times) throws DatasetFormatException {
        Object eq = attributes.get("equation");
        if (!(eq instanceof String)) {
            throw new DatasetFormatException(file + ": no global attribute 'equation' naming the PDE (one of "
                    + String.join(", ", SUPPORTED) + ")");
        }
        String equation = ((String) eq).trim();
        if (!SUPPORTED.contains(equation)) {
            throw new IllegalArgumentException(file + ": equation '" + equation + "' has no PDE residual; supported: "
                    + String.join(", ", SUPPORTED));
        }
        boolean oneD = equation.equals("burgers");
        if (oneD != (shape.length == 1)) {
            throw new IllegalArgumentException(file + ": equation '" + equation + "' needs " + (oneD ? "1-D" : "2-D")
                    + " fields, the file is " + shape.length + "-D");
        }
        SpectralGrid1D g1 = null;
        SpectralGrid2D g2 = null;
        if (oneD) {
            g1 = new SpectralGrid1D(shape[0], lengths[0]);
        } else {
            g2 = new SpectralGrid2D(shape[1], shape[0], lengths[1], lengths[0]);
        }
        Forcing2D forcing = null;
        List<String> fields;
        List<String> names;
        switch (equation) {
            case "burgers" -> {
                fields = List.of("u");
                names = List.of("nu");
            }
            case "navier-stokes" -> {
                Object f = attributes.get("forcing");
                if (!(f instanceof String)) {
                    throw new DatasetFormatException(file + ": Navier-Stokes data without the global attribute "
                            + "'forcing'");
                }
                if (g2.lx() != g2.ly()) {
                    throw new IllegalArgumentException(file + ": the stored forcing needs a square domain, got "
                            + g2);
                }
                try {
                    forcing = Forcing2D.fromExpression((String) f, g2.lx());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                }
                fields = List.of("vorticity");
                names = List.of("nu");
            }
            case "gray-scott" -> {
                fields = List.of("u", "v");
                names = Reaction.GRAY_SCOTT.parameters();
            }
            default -> {
                fields = List.of("u", "v");
                names = Reaction.FITZHUGH_NAGUMO.parameters();
            }
        }
        for (String field : fields) {
            if (!available.contains(field)) {
                throw new DatasetFormatException(file + ": " + equation + " data needs the field '" + field
                        + "'; fields: " + available);
            }
        }
        double[][] params = new double[samples][names.size()];
        for (int p = 0; p < names.size(); p++) {
            double[] values;
            try {
                values = parameter.apply(names.get(p));
            } catch (IllegalArgumentException e) {
                throw new DatasetFormatException(e.getMessage());
            }
            for (int s = 0; s < samples; s++) {
                params[s][p] = values[s];
            }
        }
        return new DatasetPhysics(equation, g1, g2, forcing, fields, names, params, times);
    }

    /** @return the equation's name, e.g. {@code "navier-stokes"} */
    public String equation() {
        return equation;
    }

    /** @return the fields of the equation's state, in the order of its physical vector */
    public List<String> fields() {
        return fields;
    }

    /** @return the per-sample parameters, in the order of {@link #parameters(int)} */
    public List<String> parameterNames() {
        return parameterNames;
    }

    /** @return number of samples the parameters cover */
    public int sampleCount() {
        return parameters.length;
    }

    /**
     * @param sample sample index in the file
     * @return that sample's parameters (a copy)
     */
    public double[] parameters(int sample) {
        return parameters[sample].clone();
    }

    /**
     * The parameters of several samples as the rows of the params input of {@link PdeResidual#residual}.
     *
     * @param samples sample indices in the file
     * @return row-major {@code [samples.length, P]}
     */
    public double[] parameterMatrix(int[] samples) {
        int p = parameterNames.size();
        double[] m = new double[samples.length * p];
        for (int i = 0; i < samples.length; i++) {
            System.arraycopy(parameters[samples[i]], 0, m, i * p, p);
        }
        return m;
    }

    /** @return the file's snapshot times {@code [T]} (a copy) */
    public double[] times() {
        return times.clone();
    }

    /**
     * The time difference for windows of consecutive snapshots of this file.
     *
     * @param window snapshots per window, at most the file's T
     * @param order  even order (2, 4 or 6), at most {@code window - 1}
     * @return the time difference with the file's snapshot spacing
     * @throws IllegalArgumentException if the file's times are not uniformly spaced, or the window is too long for
     *                                  the file or too short for the order
     */
    public TimeDifference timeDifference(int window, int order) {
        if (window > times.length) {
            throw new IllegalArgumentException("window of " + window + " snapshots, the file has " + times.length);
        }
        double spacing = TimeStencil.uniform(times, 2).spacing();
        return new TimeDifference(new TimeStencil(order, window, spacing));
    }

    /** @return the 1-D grid, or null for 2-D data */
    public SpectralGrid1D grid1D() {
        return grid1;
    }

    /** @return the 2-D grid, or null for 1-D data */
    public SpectralGrid2D grid2D() {
        return grid2;
    }

    /** @return grid points per field and snapshot */
    public int points() {
        return grid1 != null ? grid1.n() : grid2.size();
    }

    /**
     * The {@code pde} equation with one sample's parameters, for the {@code double[]} reference residual.
     *
     * @param params parameters in the order of {@link #parameterNames()}
     * @return a new equation (not thread-safe)
     * @throws IllegalArgumentException if a parameter is outside the equation's range
     */
    public PseudoSpectralEquation solverEquation(double[] params) {
        Objects.requireNonNull(params, "params");
        if (params.length != parameterNames.size()) {
            throw new IllegalArgumentException("expected parameters " + parameterNames + ", got " + params.length
                    + " values");
        }
        return switch (equation) {
            case "burgers" -> new Burgers1D(grid1, params[0]);
            case "navier-stokes" -> new NavierStokes2D(grid2, params[0], forcing);
            case "gray-scott" -> new GrayScott2D(grid2, params[0], params[1], params[2], params[3]);
            default -> new FitzHughNagumo2D(grid2, params[0], params[1], params[2]);
        };
    }

    /** @return the differentiable residual of this equation on this grid */
    public PdeResidual residual() {
        return switch (equation) {
            case "burgers" -> new BurgersResidual(grid1);
            case "navier-stokes" -> new NavierStokesResidual(grid2, forcing);
            case "gray-scott" -> new ReactionDiffusionResidual(grid2, Reaction.GRAY_SCOTT);
            default -> new ReactionDiffusionResidual(grid2, Reaction.FITZHUGH_NAGUMO);
        };
    }

    /** @return the spatial discretisation in words (that of {@link #residual()}) */
    public String spatialDiscretisation() {
        return residual().spatialDiscretisation();
    }
}
