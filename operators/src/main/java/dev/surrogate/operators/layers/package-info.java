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
 * no permute of the large tensor anywhere. Measured on the FNO benchmarks of the PyTorch peer (FNO-1D width 64,
 * 16 modes, 4 layers, nx 256; FNO-2D width 20, 12 modes, 4 layers, 64 x 64; batch 20, float32, 1 thread, ND4J
 * 1.0.0-M2.1, 2-core machine shared with other jobs; per-op CPU times from {@code bench/OperatorProfile}):
 * <ul>
 *   <li>ND4J has no FFT op; a truncated real DFT by GEMM matches JTransforms to round-off (tested in double) and
 *       costs {@code 2 M n} multiply-adds per column, cheap at {@code M = 16}.</li>
 *   <li>An earlier prototype on this machine kind (shared/DEPENDENCIES.md): channels-first with permutes around
 *       every GEMM ran at about 75 % of the x-major speed, and a kernel-1 {@code conv1d} for the pointwise path
 *       was about 5x slower than a GEMM.</li>
 *   <li>Every array stays in C order. An elementwise op whose inputs differ in order runs strided: an add of two
 *       {@code [5120, 64]} arrays took 3.2 ms against 0.12 ms. ND4J's fused {@code xw_plus_b} writes Fortran
 *       order, so the pointwise maps are plain matrix products ({@link
 *       dev.surrogate.operators.layers.PointwiseLinear}); dropping it took the in-op CPU time of an FNO-1D
 *       training step from 97 to 65 ms.</li>
 *   <li>Reductions over the rows of a tall array are slow (the bias gradient {@code [81920, 128] -> [128]} of the
 *       FNO-2D projection: 89 ms of a 600 ms step), so no bias is added by broadcasting to a large activation: a
 *       Fourier layer's pointwise bias is a constant field, added to the zero mode of the small spectrum before the
 *       inverse transform ({@link dev.surrogate.operators.layers.SpectralConv1d#apply(org.nd4j.autodiff.samediff.SameDiff,
 *       org.nd4j.autodiff.samediff.SDVariable, int, org.nd4j.autodiff.samediff.SDVariable)}), and the projection's
 *       first bias is a row of one augmented product ({@link
 *       dev.surrogate.operators.layers.PointwiseLinear#applyAsOneProduct}).</li>
 *   <li>Every SameDiff op costs tens of microseconds of bookkeeping (shape function, allocation, dependency
 *       tracking), about a quarter of an FNO-1D training step, so the op count matters: the complex mode product is
 *       one batched matmul with the stored real block weight and the small spectrum widened to
 *       {@code [[zr, -zi], [zi, zr]]} ({@link dev.surrogate.operators.layers.ComplexModes}).
 *       SameDiff's {@code reshape} copies (it is no view) and adds a shape op to the backward pass.</li>
 *   <li>GELU is the fused {@code gelu} op (the sigmoid form {@code x sigmoid(1.702 x)}), bound by one scalar
 *       {@code exp} per element (not vectorised in ND4J; its AVX2 build measured no faster). Its derivative kernel
 *       calls {@code pow} and cost about three times the forward op (thread CPU time on a float32
 *       {@code [81920, 128]} array: {@code gelu} 39 ms, its derivative 126 ms, {@code sigmoid} 35 ms, a multiply
 *       5 ms); with it GELU took about 20 % of an FNO-1D and 35 % of an FNO-2D training step. The same function
 *       composed of {@code sigmoid} and {@code mul} in the model does not help, because SameDiff's
 *       {@code sigmoid_bp} recomputes the exponential (68 ms), and SameDiff M2.1 offers no custom gradient (it
 *       clones every op through FlatBuffers when it builds the gradient function, which drops a subclass's
 *       {@code doDiff}). So the gradient graph is edited after it is built
 *       ({@link dev.surrogate.operators.GradientRewrites#geluThroughSigmoid}): training computes
 *       {@code s = sigmoid(1.702 x)} once and the derivative {@code s (1 + 1.702 x (1 - s))} from it in
 *       multiply-like passes. Inference ({@link dev.surrogate.operators.ForwardExecutor}) evaluates the same
 *       function on the JVM ({@link dev.surrogate.operators.ActivationKernel}: a rational tanh that HotSpot vectorises,
 *       about 1 ns per value against ND4J's 4-5).</li>
 *   <li>The backward op of a product ({@code matmul_bp}) computes the gradients of both factors, so a product
 *       with a constant DFT basis also computed the unused gradient of the basis; no M2.1 op avoids it
 *       ({@code batched_gemm} needs static shapes and adds trainable alpha and beta variables,
 *       {@code tensormmul_bp} fails on these axes). The gradient graph is edited instead
 *       ({@link dev.surrogate.operators.GradientRewrites#pruneUnusedProductGradients}): such a product's backward
 *       pass is one GEMM. Measured: about 35 ms of a 537 ms FNO-2D training step; nothing measurable in the FNO-1D,
 *       whose dropped products (inner dimension {@code batch * channels}) were the cheap half.</li>
 *   <li>Broadcasting multiplies and adds have slow backward passes (a reduction); constants inside the layers get
 *       the full shape instead, and the gradient graph computes the remaining ones (the output's denormalisation,
 *       the projection's bias) without ND4J's backward op ({@link
 *       dev.surrogate.operators.GradientRewrites#cheapBroadcastGradients}: 8 ms of a 94 ms FNO-1D training
 *       step).</li>
 * </ul>
 * Side by side with the PyTorch peer ({@code bench/scripts/fno-vs-torch.sh}, which prints the ratios): see the
 * report of issue 10 for the figures; only ratios measured in the same run mean anything on a shared machine.
 */
package dev.surrogate.operators.layers;
