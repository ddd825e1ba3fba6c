/**
 * Data sets made in pieces: {@link dev.surrogate.datasets.shard.Shard} (shard I of N of a set of samples, as
 * contiguous index ranges), {@link dev.surrogate.datasets.shard.DatasetMerger} (shards joined into the file one
 * run would have written, or an NcML aggregation that NetCDF-Java opens as one dataset without copying).
 *
 * <p>Every sample depends only on (seed, global sample index), so shards generated anywhere (job-array tasks,
 * Spark executors, a laptop) add up to exactly the samples of one run; the merge checks that they do.
 */
package dev.surrogate.datasets.shard;
