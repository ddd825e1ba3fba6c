/** Periodic grids, Fourier wavenumbers, real FFTs and dealiasing shared by every pseudo-spectral solver. */
package dev.surrogate.pde.spectral;
