package dev.quartermaster.engine.policy;

import dev.quartermaster.engine.admission.QuotaCheck;
import dev.quartermaster.engine.admission.QuotaLedger;

/** Whether a team's quota admits more GPUs of a type: the quota rule of a policy. */
public interface Admission {

    String name();

    QuotaCheck check(QuotaLedger ledger, int team, int accelerator, int gpus);

    /** Kueue's model: nominal quota, borrowing from the cohort up to the limits, reclaim by lenders. */
    Admission COHORTS = new Admission() {
        public String name() {
            return "cohorts";
        }

        public QuotaCheck check(QuotaLedger ledger, int team, int accelerator, int gpus) {
            return ledger.check(team, accelerator, gpus);
        }
    };

    /** Each team within its own nominal quota, no borrowing: strict isolation, idle quota stays idle. */
    Admission NOMINAL_ONLY = new Admission() {
        public String name() {
            return "nominal-only";
        }

        public QuotaCheck check(QuotaLedger ledger, int team, int accelerator, int gpus) {
            int nominal = ledger.quota(team, accelerator).nominal();
            long after = (long) ledger.used(team, accelerator) + gpus;
            if (after > nominal) {
                return QuotaCheck.refuse("team " + ledger.teamName(team) + " uses " + ledger.used(team, accelerator) + "/"
                        + nominal + " " + ledger.acceleratorName(accelerator) + "; this policy does not borrow");
            }
            return ledger.check(team, accelerator, gpus);
        }
    };
}
