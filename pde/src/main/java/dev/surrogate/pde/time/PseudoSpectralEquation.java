package dev.surrogate.pde.time;

/**
 * A {@link SemilinearEquation} whose state is a set of Fourier coefficients, with the transforms to and from the
 * physical grid values that users see. For systems (u, v) the physical vector is the fields one after another.
 */
public interface PseudoSpectralEquation extends SemilinearEquation {

    /** @return length of the physical state vector (grid points times fields) */
    int physicalDimension();

    /**
     * @param state    spectral state {@code [dimension()]}, not modified
     * @param physical {@code [physicalDimension()]}, overwritten with the grid values
     */
    void toPhysical(double[] state, double[] physical);

    /**
     * @param physical grid values {@code [physicalDimension()]}, not modified
     * @param state    {@code [dimension()]}, overwritten with the spectral state
     */
    void toSpectral(double[] physical, double[] state);

    /** @return a short description with the equation's parameters, e.g. {@code "burgers nu=0.1"} */
    String describe();
}
