/**
 * Two-species reaction-diffusion systems on the periodic square as dataset problems: Gray-Scott (random squares on
 * the (1, 0) state, Pearson 1993) and FitzHugh-Nagumo (PDEBench's standard normal random fields), each with fields
 * {@code u(sample, time, y, x)} and {@code v(sample, time, y, x)}, stepped by ETDRK4 or adaptive Dormand-Prince.
 */
package dev.surrogate.datasets.reactiondiffusion;
