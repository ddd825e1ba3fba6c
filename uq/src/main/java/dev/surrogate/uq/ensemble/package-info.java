/**
 * Deep ensembles (Lakshminarayanan, Pritzel and Blundell 2017): {@link dev.surrogate.uq.ensemble.EnsembleTrainer}
 * trains {@code M} heteroscedastic operators with the Gaussian NLL, differing by seed and optionally by a bootstrap
 * resample of the trajectories, in parallel where cores allow and resumable member by member; an
 * {@link dev.surrogate.uq.ensemble.EnsembleDirectory} holds their model directories plus {@code ensemble.json};
 * {@link dev.surrogate.uq.ensemble.DeepEnsemble} is the trained mixture as a probabilistic forecaster (member
 * {@code m} of input {@code i} a draw from model {@code m mod M} keyed by {@code (seed, i, m)}) and splits its
 * variance into aleatoric and epistemic parts.
 */
package dev.surrogate.uq.ensemble;
