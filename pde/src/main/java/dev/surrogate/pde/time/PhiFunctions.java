package dev.surrogate.pde.time;

/**
 * The exponential-integrator coefficients of ETDRK4 for a scalar {@code z = h * lambda}, evaluated by the contour
 * integral of Kassam &amp; Trefethen (SIAM J. Sci. Comput. 26, 2005): each phi-function is averaged over
 * {@value #POINTS} points on a unit circle centred at z, which avoids the cancellation error of the closed forms
 * near z = 0 (they lose all digits for |z| &lt; 1e-5).
 */
public final class PhiFunctions {
    /** Number of contour points; 32 gives full double precision for real z. */
    public static final int POINTS = 32;
    private static final double[] ROOT_RE = new double[POINTS];
    private static final double[] ROOT_IM = new double[POINTS];

    static {
        // Points on the upper half circle; for real z the lower half gives conjugate values, so the real part of
        // the mean over the upper half is the mean over the full circle.
        for (int j = 0; j < POINTS; j++) {
            double a = Math.PI * (j + 0.5) / POINTS;
            ROOT_RE[j] = Math.cos(a);
            ROOT_IM[j] = Math.sin(a);
        }
    }

    private PhiFunctions() {
    }

    /**
     * ETDRK4 coefficients for one mode, already multiplied by h, written into {@code out[0..5)}:
     * {@code E = e^z}, {@code E2 = e^{z/2}}, {@code Q = h (e^{z/2} - 1)/z}, and
     * {@code f1 = h (-4 - z + e^z (4 - 3z + z^2)) / z^3}, {@code f2 = h (2 + z + e^z (z - 2)) / z^3},
     * {@code f3 = h (-4 - 3z - z^2 + e^z (4 - z)) / z^3}.
     *
     * @param z   h times the linear eigenvalue (real)
     * @param h   step size
     * @param out receives {E, E2, Q, f1, f2, f3}
     */
    public static void etdrk4(double z, double h, double[] out) {
        double q = 0;
        double f1 = 0;
        double f2 = 0;
        double f3 = 0;
        for (int j = 0; j < POINTS; j++) {
            double re = z + ROOT_RE[j];
            double im = ROOT_IM[j];
            // complex helpers: w = re + i im
            double den = re * re + im * im;
            // 1/w
            double iwRe = re / den;
            double iwIm = -im / den;
            // 1/w^3
            double iw2Re = iwRe * iwRe - iwIm * iwIm;
            double iw2Im = 2 * iwRe * iwIm;
            double iw3Re = iw2Re * iwRe - iw2Im * iwIm;
            double iw3Im = iw2Re * iwIm + iw2Im * iwRe;
            // e^w and e^{w/2}
            double ea = Math.exp(re);
            double ewRe = ea * Math.cos(im);
            double ewIm = ea * Math.sin(im);
            double eh = Math.exp(re / 2);
            double ehRe = eh * Math.cos(im / 2);
            double ehIm = eh * Math.sin(im / 2);
            // (e^{w/2} - 1) / w
            q += (ehRe - 1) * iwRe - ehIm * iwIm;
            // w^2
            double w2Re = re * re - im * im;
            double w2Im = 2 * re * im;
            // f1 numerator: -4 - w + e^w (4 - 3w + w^2)
            double aRe = 4 - 3 * re + w2Re;
            double aIm = -3 * im + w2Im;
            double n1Re = -4 - re + (ewRe * aRe - ewIm * aIm);
            double n1Im = -im + (ewRe * aIm + ewIm * aRe);
            f1 += n1Re * iw3Re - n1Im * iw3Im;
            // f2 numerator: 2 + w + e^w (w - 2)
            double bRe = re - 2;
            double bIm = im;
            double n2Re = 2 + re + (ewRe * bRe - ewIm * bIm);
            double n2Im = im + (ewRe * bIm + ewIm * bRe);
            f2 += n2Re * iw3Re - n2Im * iw3Im;
            // f3 numerator: -4 - 3w - w^2 + e^w (4 - w)
            double cRe = 4 - re;
            double cIm = -im;
            double n3Re = -4 - 3 * re - w2Re + (ewRe * cRe - ewIm * cIm);
            double n3Im = -3 * im - w2Im + (ewRe * cIm + ewIm * cRe);
            f3 += n3Re * iw3Re - n3Im * iw3Im;
        }
        out[0] = Math.exp(z);
        out[1] = Math.exp(z / 2);
        out[2] = h * q / POINTS;
        out[3] = h * f1 / POINTS;
        out[4] = h * f2 / POINTS;
        out[5] = h * f3 / POINTS;
    }
}
