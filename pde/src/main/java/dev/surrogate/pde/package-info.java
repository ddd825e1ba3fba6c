/**
 * Classical pseudo-spectral PDE solvers: the ground truth the surrogates learn from.
 *
 * <ul>
 *   <li>{@code spectral}: grids, wavenumbers, real FFTs with reusable buffers, 2/3-rule dealiasing;</li>
 *   <li>{@code equations}: the PDEs as {@link dev.surrogate.pde.time.SemilinearEquation}s
 *       ({@link dev.surrogate.pde.equations.Burgers1D}, {@link dev.surrogate.pde.equations.NavierStokes2D},
 *       {@link dev.surrogate.pde.equations.GrayScott2D}, {@link dev.surrogate.pde.equations.FitzHughNagumo2D});</li>
 *   <li>{@code time}: single-step schemes ({@link dev.surrogate.pde.time.Etdrk4Stepper},
 *       {@link dev.surrogate.pde.time.IntegratingFactorRk4Stepper},
 *       {@link dev.surrogate.pde.time.CrankNicolsonEulerStepper}), the loops that drive
 *       them ({@link dev.surrogate.pde.time.FixedStepIntegrator},
 *       {@link dev.surrogate.pde.time.DormandPrinceIntegrator}) and observers that record output.</li>
 * </ul>
 */
package dev.surrogate.pde;
