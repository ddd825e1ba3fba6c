/**
 * Time integration kept apart from the equations: {@link dev.surrogate.pde.time.SemilinearEquation} (what),
 * {@link dev.surrogate.pde.time.TimeStepper} (one step), {@link dev.surrogate.pde.time.Integrator} (the loop) and
 * {@link dev.surrogate.pde.time.StepObserver} (what is recorded).
 */
package dev.surrogate.pde.time;
