package dev.quartermaster.engine.admission;

/** The answer of quota admission: admitted, admitted only once borrowers give back lent quota, or refused with why. */
public record QuotaCheck(Outcome outcome, String reason) {

    public enum Outcome { ADMIT, RECLAIM, REFUSE }

    public static final QuotaCheck ADMIT = new QuotaCheck(Outcome.ADMIT, "");

    public static QuotaCheck reclaim(String reason) {
        return new QuotaCheck(Outcome.RECLAIM, reason);
    }

    public static QuotaCheck refuse(String reason) {
        return new QuotaCheck(Outcome.REFUSE, reason);
    }

    public boolean admitted() {
        return outcome == Outcome.ADMIT;
    }
}
