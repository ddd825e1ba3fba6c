package dev.surrogate.pde.equations;

import dev.surrogate.pde.spectral.SpectralGrid2D;

/**
 * The Gray-Scott reaction-diffusion system (Gray &amp; Scott 1984; Pearson, Science 261, 1993):
 * <pre>
 *   u_t = Du lap(u) - u v^2 + F (1 - u)
 *   v_t = Dv lap(v) + u v^2 - (F + k) v
 * </pre>
 * with feed rate F and kill rate k. Linear part: diffusion and the decay terms {@code -F u} and {@code -(F + k) v};
 * nonlinear part: {@code -u v^2 + F} and {@code u v^2}. See {@link ReactionDiffusion2D} for the layout.
 *
 * <p>Defaults follow Pearson's scaling: {@code Du = 2e-5}, {@code Dv = 1e-5} on the square of side {@code L = 2.5};
 * {@code (F, k) = (0.046, 0.061)} is type theta of Pearson's classification as corrected and extended by Munafo
 * (mrob.com/pub/comp/xmorphia): spots grow into rings that merge into worms (stripes); started from a few squares
 * they fill about two thirds of the domain by t = 4000. Other classic pairs: (0.050, 0.065) type mu (dividing spots
 * and worms, slow to spread), (0.022, 0.051) type gamma (stripes and spots, fills the domain by t = 1500).
 * The uniform state {@code (u, v) = (1, 0)} is steady and linearly stable.
 */
public final class GrayScott2D extends ReactionDiffusion2D {
    /** Pearson's diffusion coefficient of u. */
    public static final double DEFAULT_DU = 2e-5;
    /** Pearson's diffusion coefficient of v. */
    public static final double DEFAULT_DV = 1e-5;
    /** Pearson's domain side. */
    public static final double DEFAULT_LENGTH = 2.5;
    /** Default feed rate (Pearson type theta). */
    public static final double DEFAULT_F = 0.046;
    /** Default kill rate (Pearson type theta). */
    public static final double DEFAULT_K = 0.061;

    private final double feed;
    private final double kill;

    /**
     * @param grid the periodic grid
     * @param du   diffusion coefficient of u, {@code >= 0} (L^2 / time)
     * @param dv   diffusion coefficient of v, {@code >= 0}
     * @param feed feed rate F, {@code >= 0} (1 / time)
     * @param kill kill rate k, {@code >= 0} (1 / time)
     */
    public GrayScott2D(SpectralGrid2D grid, double du, double dv, double feed, double kill) {
        super(grid, du, dv, checked("feed_rate F", feed), feed + checked("kill_rate k", kill));
        this.feed = feed;
        this.kill = kill;
    }

    private static double checked(String name, double value) {
        requireNonNegative(name, value);
        return value;
    }

    /** @return feed rate F */
    public double feedRate() {
        return feed;
    }

    /** @return kill rate k */
    public double killRate() {
        return kill;
    }

    @Override
    protected void react(double[] u, double[] v) {
        double f = feed;
        for (int i = 0; i < u.length; i++) {
            double ui = u[i];
            double vi = v[i];
            double uvv = ui * vi * vi;
            u[i] = f - uvv;
            v[i] = uvv;
        }
    }

    @Override
    public String describe() {
        return "gray-scott Du=" + diffusionU() + " Dv=" + diffusionV() + " F=" + feed + " k=" + kill + " L="
                + grid().lx() + "x" + grid().ly() + " grid=" + grid().nx() + "x" + grid().ny();
    }
}
