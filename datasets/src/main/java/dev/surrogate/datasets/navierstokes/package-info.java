/**
 * The 2-D incompressible Navier-Stokes equations in vorticity form on the periodic square as a dataset problem:
 * GRF initial vorticity and forcing of the FNO benchmark by default, ETDRK4, IFRK4 or the FNO generator's
 * Crank-Nicolson/Euler scheme, with a CFL check on every step.
 */
package dev.surrogate.datasets.navierstokes;
