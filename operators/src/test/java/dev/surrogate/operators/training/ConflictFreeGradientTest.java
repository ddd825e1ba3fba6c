package dev.surrogate.operators.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ConFIG against its defining properties. */
class ConflictFreeGradientTest {
    private static final List<String> TERMS = List.of("a", "b");
    private final ConflictFreeGradient rule = new ConflictFreeGradient();

    private static double cos(double[] a, double[] b) {
        return ConflictFreeGradient.dot(a, b) / Math.sqrt(ConflictFreeGradient.dot(a, a) * ConflictFreeGradient.dot(b, b));
    }

    @Test
    void updateHasEqualPositiveCosineToBothGradientsEvenWhenTheyConflict() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + r.nextInt(40);
            double[] g1 = new double[n];
            double[] g2 = new double[n];
            for (int i = 0; i < n; i++) {
                g1[i] = r.nextGaussian() * (1 + trial);
                g2[i] = r.nextGaussian() - 0.8 * g1[i] / (1 + trial); // often an obtuse angle to g1
            }
            double[] u = rule.combine(TERMS, new double[][] {g1, g2});
            double c1 = cos(u, g1);
            double c2 = cos(u, g2);
            assertEquals(c1, c2, 1e-9, "equal angles, trial " + trial);
            assertTrue(c1 > 0, "no term increases to first order, trial " + trial + ": cos " + c1);
            // the length: the sum of both gradients' projections on the direction
            double[] v = u.clone();
            double nv = Math.sqrt(ConflictFreeGradient.dot(v, v));
            for (int i = 0; i < n; i++) {
                v[i] /= nv;
            }
            assertEquals(ConflictFreeGradient.dot(g1, v) + ConflictFreeGradient.dot(g2, v), nv, 1e-9 * nv);
        }
    }

    @Test
    void orthogonalGradientsGiveTheBisectorScaledByTheProjections() {
        double[] g1 = {3, 0};
        double[] g2 = {0, 4};
        // direction (1, 1)/sqrt 2, projections 3/sqrt 2 + 4/sqrt 2 = 7/sqrt 2: update (3.5, 3.5)
        assertArrayEquals(new double[] {3.5, 3.5}, rule.combine(TERMS, new double[][] {g1, g2}), 1e-12);
    }

    @Test
    void parallelGradientsAddUp() {
        double[] g = {1, -2, 0.5};
        double[] twice = {2, -4, 1};
        assertArrayEquals(twice, rule.combine(TERMS, new double[][] {g, g.clone()}), 1e-12);
    }

    @Test
    void aNonFiniteSecondGradientFallsBackToTheFirst() {
        double[] g1 = {1, 2};
        assertArrayEquals(g1, rule.combine(TERMS, new double[][] {g1, {Double.NaN, 0}}), 0);
        assertArrayEquals(g1, rule.combine(TERMS, new double[][] {g1, {1, Double.POSITIVE_INFINITY}}), 0);
        assertThrows(IllegalArgumentException.class, () -> rule.combine(List.of("a"), new double[][] {g1}));
    }

    @Test
    void isRegisteredAndParsedByName() {
        assertTrue(LossCombination.parse("config") instanceof ConflictFreeGradient);
        assertEquals(new LossCombination.Weights(java.util.Map.of("a", 1.0, "b", 0.5)),
                LossCombination.parse("weights:a=1,b=0.5"));
        assertEquals(LossCombination.sum(), LossCombination.fromMap(LossCombination.sum().toMap()));
        assertTrue(LossCombination.fromMap(rule.toMap()) instanceof ConflictFreeGradient);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossCombination.parse("pcgrad"));
        assertTrue(e.getMessage().contains("unknown gradient rule 'pcgrad'"), e.getMessage());
    }
}
