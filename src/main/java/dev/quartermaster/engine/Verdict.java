package dev.quartermaster.engine;

import dev.quartermaster.fleet.Violation;
import java.util.List;

/** Why a workload does not run now: a value, with reasons a person can read, never an exception. */
public sealed interface Verdict {

    /** One line for a table. */
    String summary();

    /** It could never run on this fleet (unknown team, no accelerator of its kind, a gang too large for any domain). */
    record Invalid(List<Violation> violations) implements Verdict {
        public String summary() {
            return violations.isEmpty() ? "invalid" : violations.get(0).toString();
        }
    }

    /** It waits: no pool can take it now, even with preemption; {@code reasons} say why per candidate pool. */
    record Unschedulable(String summary, List<String> reasons) implements Verdict {}

    /** It waits behind the reservation that backfill keeps for a workload ahead of it. */
    record Reserved(String summary) implements Verdict {}

    /** It has not been looked at by a scheduling cycle yet. */
    record Queued(String summary) implements Verdict {}
}
