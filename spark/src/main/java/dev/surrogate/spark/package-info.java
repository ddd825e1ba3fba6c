/**
 * The toolkit's work as Apache Spark jobs: dataset generation distributed over executors, one shard per task,
 * merged on the driver ({@link dev.surrogate.spark.SparkGeneration}, {@link dev.surrogate.spark.GenerateJob} for
 * {@code spark-submit}), and the members of a deep ensemble trained as tasks, one member each
 * ({@link dev.surrogate.spark.SparkEnsemble}, {@link dev.surrogate.spark.EnsembleJob}).
 *
 * <p>Generation tasks are idempotent: a shard is written under a temporary name and published by an atomic rename
 * when complete, and a task finds a published shard of the same settings and keeps it. Since every sample depends
 * only on (seed, global index), a task that Spark retries (after a failure, a lost executor, or speculatively)
 * writes exactly the samples the first attempt would have: the merged file has every sample once, bit for bit those
 * of a single run. Ensemble tasks continue their member from its last per-epoch checkpoint when retried.
 *
 * <p>Spark is a {@code provided} dependency: {@code spark-submit} supplies it (and Hadoop); the command-line
 * program does not depend on this module.
 */
package dev.surrogate.spark;
