/**
 * The dataset file layout of the user-facing contract (CF-1.8 NetCDF: dimensions {@code sample, time, [y,] x},
 * coordinates with units, float32 fields, parameters as attributes or per-sample variables), a streaming writer
 * that publishes files atomically, and a streaming reader for files from this toolkit or any other tool that
 * writes the same layout (netCDF-3 or netCDF-4/HDF5).
 */
package dev.surrogate.datasets.io;
