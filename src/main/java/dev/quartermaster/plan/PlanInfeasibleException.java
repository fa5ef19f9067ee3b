package dev.quartermaster.plan;

/** No portfolio meets the plan: {@code constraint} names the binding constraint (a field of the plan), the message why. */
public final class PlanInfeasibleException extends RuntimeException {

    private final String constraint;

    public PlanInfeasibleException(String constraint, String message) {
        super(constraint + ": " + message);
        this.constraint = constraint;
    }

    public String constraint() {
        return constraint;
    }
}
