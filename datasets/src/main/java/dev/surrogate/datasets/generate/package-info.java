/**
 * Equation-agnostic dataset generation: an equation family plugs in as a
 * {@link dev.surrogate.datasets.generate.DatasetProblem} (layout, parameters, and a per-thread
 * {@link dev.surrogate.datasets.generate.SampleSolver}); the {@link dev.surrogate.datasets.generate.DatasetGenerator}
 * runs samples in parallel, writes them in sample order with bounded memory, and reports progress through a
 * {@link dev.surrogate.datasets.generate.ProgressListener}. Output depends only on the problem, the seed and the
 * sample indices, never on the number of threads. Pieces the problems share: {@link
 * dev.surrogate.datasets.generate.TimeStepping} (ETDRK4 or Dormand-Prince), {@link
 * dev.surrogate.datasets.generate.ProblemSettings} (checks of settings, output times) and
 * {@link dev.surrogate.datasets.generate.SampleBuffer#recorder} (stores a solver's outputs).
 */
package dev.surrogate.datasets.generate;
