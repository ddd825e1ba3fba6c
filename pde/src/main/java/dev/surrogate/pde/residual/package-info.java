/**
 * PDE residuals of snapshot series in plain {@code double[]} arithmetic, the reference that every other residual
 * evaluation (the differentiable one in {@code operators.physics}) is tested against.
 *
 * <p>The residual of snapshots {@code u_0 .. u_{T-1}} at uniformly spaced times is
 * {@code r_i = (D_t u)_i - F(u_i)}: {@code F} is the semi-discrete right-hand side the solver integrates, evaluated by
 * the equation classes of {@code pde.equations} themselves ({@link dev.surrogate.pde.residual.SemiDiscreteResidual}),
 * and {@code D_t} a finite difference of order 2, 4 or 6 ({@link dev.surrogate.pde.residual.TimeStencil}). Sums
 * of squares per snapshot and field are kept by {@link dev.surrogate.pde.residual.ResidualStatistics}; the
 * unit-free residual is the RMS of r over the RMS of {@code D_t u}. {@link dev.surrogate.pde.residual.OperatorMatrices}
 * writes the linear spectral operators out as dense matrices for evaluations without an FFT.
 *
 * <p>Derivative conventions (the ones the solver uses, written out because they are easy to get wrong): a grid of
 * n points on {@code [0, L)}; the forward FFT is unnormalised and the inverse divides by n; mode j has angular
 * wavenumber {@code k_j = 2 pi j / L}, so {@code d/dx} multiplies mode j by {@code i k_j} (the {@code 2 pi / L}
 * factor is in k, not in the FFT), and the Nyquist mode's first derivative is zero. Products are dealiased by the
 * 2/3 rule (modes {@code |j| <= (n - 1) / 3} kept): Burgers dealiases the state, squares it on the grid, transforms,
 * differentiates and dealiases again; Navier-Stokes builds the velocity from the dealiased vorticity and dealiases
 * the advection term (Basdevant form); the reaction-diffusion systems do not dealias. The diffusion operator
 * {@code -k^2} acts on every mode, the Nyquist mode included.
 */
package dev.surrogate.pde.residual;
