package dev.surrogate.datasets.generate;

import dev.surrogate.datasets.io.DatasetLayout;
import java.util.List;

/**
 * One equation family as the {@link DatasetGenerator} sees it: the file layout, the physical parameters and how
 * to simulate a sample. Burgers, Navier-Stokes, Gray-Scott and FitzHugh-Nagumo each implement this; the generator
 * never changes for a new equation.
 *
 * <p>The generator adds the common global attributes ({@code Conventions}, {@code equation},
 * {@code domain_length}, each constant parameter, {@code seed}, {@code history}); {@link #layout()} supplies the
 * rest, at least {@code solver} and {@code time_step}.
 */
public interface DatasetProblem {

    /** @return the equation's name as on the command line and in the {@code equation} attribute, e.g. "burgers" */
    String equation();

    /**
     * @return grid, output times, fields ({@code u}, or {@code vorticity}, or {@code u} and {@code v}) and the
     *         problem's own global attributes; without per-sample parameters (the generator adds swept ones)
     */
    DatasetLayout layout();

    /** @return the physical parameters with their default values; any of them may be swept */
    List<PhysicalParameter> parameters();

    /** @return a new solver for one worker thread */
    SampleSolver newSolver();
}
