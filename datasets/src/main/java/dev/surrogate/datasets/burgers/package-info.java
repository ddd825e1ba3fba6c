/**
 * The 1-D viscous Burgers equation {@code u_t + u u_x = nu u_xx} on [0, L) as a dataset problem: GRF (FNO
 * benchmark) or Cole-Hopf exact initial conditions, ETDRK4 or adaptive Dormand-Prince time stepping.
 */
package dev.surrogate.datasets.burgers;
