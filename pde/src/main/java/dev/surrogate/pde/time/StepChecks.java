package dev.surrogate.pde.time;

/** Argument checks shared by the diagonal steppers (ETDRK4, IFRK4, CN-Euler) and {@link FixedStepIntegrator}. */
final class StepChecks {
    private StepChecks() {
    }

    /**
     * @param equation the equation a stepper is built for
     * @return a copy of its linear diagonal {@code [dimension()]}
     * @throws IllegalArgumentException if the diagonal's length is not the equation's dimension
     */
    static double[] linearDiagonal(SemilinearEquation equation) {
        double[] lin = equation.linearDiagonal().clone();
        if (lin.length != equation.dimension()) {
            throw new IllegalArgumentException("linear diagonal has length " + lin.length
                    + " but the equation's dimension is " + equation.dimension());
        }
        return lin;
    }

    /**
     * @param h a step size
     * @throws IllegalArgumentException unless it is positive and finite
     */
    static void requireStep(double h) {
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException("time step must be positive and finite, got " + h);
        }
    }
}
