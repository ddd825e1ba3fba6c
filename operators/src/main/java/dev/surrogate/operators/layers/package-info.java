/**
 * Building blocks of the neural operators as SameDiff graph fragments: {@link
 * dev.surrogate.operators.layers.SpectralConv1d}, {@link dev.surrogate.operators.layers.SpectralConv2d}, {@link
 * dev.surrogate.operators.layers.PointwiseLinear}, {@link dev.surrogate.operators.layers.Activation}, {@link
 * dev.surrogate.operators.layers.ChannelDropout}, {@link dev.surrogate.operators.layers.HeteroscedasticHead}.
 * Each layer creates its trainable variables (named, deterministic from a seed, in the data type of its input)
 * and adds its ops; models only compose layers.
 *
 * <h2>Layout and why</h2>
 * Inside the FNOs activations are channels-last matrices {@code [points * batch, channels]} with the grid point
 * outermost ("x-major"): the DFT over the leading axis is then one GEMM against a precomputed basis
 * ({@link dev.surrogate.operators.layers.FourierBasis}) and the pointwise path one GEMM over the trailing axis, with
 * no permute of the large tensor anywhere. Measured for the FNO-1D benchmark (width 64, 16 modes, 4 layers,
 * nx 256, batch 20, float32, 1 thread, ND4J 1.0.0-M2.1, 2-core machine), in this order of importance:
 * <ul>
 *   <li>ND4J has no FFT op; a truncated real DFT by GEMM matches JTransforms to round-off (tested in double) and
 *       costs {@code 2 M n} multiply-adds per column, cheap at {@code M = 16}.</li>
 *   <li>An earlier prototype on this machine kind (shared/DEPENDENCIES.md): channels-first with permutes around
 *       every GEMM ran at about 75 % of the x-major speed, and a kernel-1 {@code conv1d} for the pointwise path
 *       was about 5x slower than a GEMM.</li>
 *   <li>Every SameDiff op costs tens of microseconds of Java bookkeeping, a quarter of a training step in total,
 *       so the op count matters: the complex mode product is one batched matmul with a real block weight
 *       ({@link dev.surrogate.operators.layers.ComplexModes}), the pointwise path the fused {@code xw_plus_b}, GELU
 *       the fused {@code gelu} op (which is the sigmoid form {@code x sigmoid(1.702 x)}).</li>
 *   <li>Broadcasting multiplies have slow backward passes (a reduction); constants get the full shape instead.</li>
 * </ul>
 * Result (bench {@code OperatorThroughput}, medians of 5 blocks, 1 thread, machine shared with other jobs): 336-390
 * training and 1271-1301 inference samples/s, and 421 / 1384 counting only the calling thread's CPU time (what an
 * idle core would give); PyTorch's CPU FNO of this architecture does about 370 / 1290 on this machine kind. That is
 * 27 (training) and 30 (inference) effective GFLOP/s of GEMM work against 74-87 GFLOP/s for a 512 x 512 sgemm.
 * Where a training step's ~50 ms of CPU go ({@code bench/OperatorProfile}, JFR): GEMMs about 35 %, GELU forward
 * and backward about 22 % (an exp per element, not vectorised in ND4J; its AVX2 build measured no faster), other
 * elementwise ops and reductions about 15 %, the Adam update about 5 %, SameDiff's per-op bookkeeping and array
 * allocation the rest.
 */
package dev.surrogate.operators.layers;
