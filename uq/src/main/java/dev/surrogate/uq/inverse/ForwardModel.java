package dev.surrogate.uq.inverse;

/**
 * The parameter-to-observation map of an inverse problem: the viscosity {@code nu} to the predicted values at the
 * observed points and times. Implementations: the classical solver ({@link SolverForward}) and a parametric neural
 * surrogate ({@link SurrogateForward}). Not thread-safe.
 */
public interface ForwardModel {

    /** @return short name, e.g. {@code "solver"} */
    String name();

    /**
     * @param nu viscosity, positive
     * @return predicted values at the observations, in their order {@code [count]}
     */
    double[] predict(double nu);

    /**
     * Half the squared misfit {@code m(nu) = |G(nu) - y|^2 / 2} and its derivative {@code dm/dnu}.
     *
     * @param nu         viscosity, positive
     * @param y          observed values {@code [count]}
     * @param derivative receives {@code dm/dnu} in element 0, or {@code null} when not needed
     * @return {@code m(nu)}
     */
    double misfit(double nu, double[] y, double[] derivative);

    /** @return calls of the underlying model so far (solver runs or forward/backward passes) */
    long evaluations();
}
