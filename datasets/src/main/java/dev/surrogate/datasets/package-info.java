/**
 * Training data for the surrogates: seeded random initial conditions, parallel generation of solver
 * trajectories, and NetCDF files in the layout of the user-facing contract.
 *
 * <ul>
 *   <li>{@code random}: counter-based seeding, one reproducible stream per (seed, sample index);</li>
 *   <li>{@code grf}: Gaussian random fields {@code N(0, sigma^2 (-Laplacian + tau^2 I)^(-alpha))} in 1-D and 2-D;</li>
 *   <li>{@code io}: the dataset layout, a streaming NetCDF writer and a streaming reader;</li>
 *   <li>{@code generate}: the equation-agnostic parallel generator and its extension point
 *       {@link dev.surrogate.datasets.generate.DatasetProblem};</li>
 *   <li>{@code burgers}: the 1-D Burgers problem plugged into the generator;</li>
 *   <li>{@code navierstokes}: 2-D Navier-Stokes in vorticity form (FNO benchmark defaults);</li>
 *   <li>{@code reactiondiffusion}: 2-D Gray-Scott (Pearson) and FitzHugh-Nagumo (PDEBench).</li>
 * </ul>
 */
package dev.surrogate.datasets;
