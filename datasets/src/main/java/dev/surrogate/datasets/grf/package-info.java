/**
 * Gaussian random fields {@code N(0, sigma^2 (-Laplacian + tau^2 I)^(-alpha))} on periodic grids, synthesised in
 * Fourier space (Karhunen-Loeve expansion on the Fourier basis): the initial conditions of the FNO benchmarks.
 */
package dev.surrogate.datasets.grf;
