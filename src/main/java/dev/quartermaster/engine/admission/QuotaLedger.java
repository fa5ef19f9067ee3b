package dev.quartermaster.engine.admission;

import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.Team;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GPUs in use per team and accelerator type, against quotas in the model Kueue users know. A team may always use its
 * nominal quota; above it, it borrows from its cohort, up to its borrowing limit and to what the other members lend
 * (each at most its lending limit of its unused nominal). The cohort invariant kept at all times: GPUs borrowed in a
 * cohort never exceed GPUs lendable in it. Teams and types are indexed by int for speed.
 */
public final class QuotaLedger {

    private final List<Team> teams;
    private final List<Accelerator> accelerators;
    private final Map<String, Integer> teamIndex = new HashMap<>();
    private final Map<String, Integer> acceleratorIndex = new HashMap<>();
    private final int[][] used;
    private final Quota[][] quota;
    /** cohortOf[t]: indexes of the members of t's cohort (t included), or just t when it has none. */
    private final int[][] cohortOf;
    private final String[] cohortName;
    /** Each team's cohort as a number, -1 for none: compared on every preemption and release. */
    private final int[] cohortIndex;
    /** GPUs borrowed in each team's cohort per type (the same array for every member), kept up to date. */
    private final long[][] cohortBorrowed;
    /**
     * GPUs lendable in each team's cohort per type: the sum of each member's {@link #lendable}, kept up to date as
     * {@link #cohortBorrowed} is, so that a check needs no walk over the members.
     */
    private final long[][] cohortLendable;
    /** Each team's normalized quota in reference GPUs, NaN for none: read by every check. */
    private final double[] normalizedLimit;

    public QuotaLedger(Fleet fleet) {
        this.teams = fleet.teams();
        this.accelerators = fleet.accelerators();
        for (int t = 0; t < teams.size(); t++) {
            teamIndex.put(teams.get(t).name(), t);
        }
        for (int a = 0; a < accelerators.size(); a++) {
            acceleratorIndex.put(accelerators.get(a).name(), a);
        }
        used = new int[teams.size()][accelerators.size()];
        normalizedLimit = teams.stream().mapToDouble(t -> t.normalizedQuota() == null ? Double.NaN : t.normalizedQuota()).toArray();
        quota = new Quota[teams.size()][accelerators.size()];
        cohortOf = new int[teams.size()][];
        cohortName = new String[teams.size()];
        cohortIndex = new int[teams.size()];
        Map<String, Integer> cohorts = new HashMap<>();
        cohortBorrowed = new long[teams.size()][];
        cohortLendable = new long[teams.size()][];
        Map<String, long[]> sharedBorrowed = new HashMap<>();
        Map<String, long[]> sharedLendable = new HashMap<>();
        for (int t = 0; t < teams.size(); t++) {
            for (int a = 0; a < accelerators.size(); a++) {
                quota[t][a] = teams.get(t).quotaFor(accelerators.get(a).name());
            }
            String cohort = teams.get(t).cohort();
            cohortName[t] = cohort;
            cohortIndex[t] = cohort == null ? -1 : cohorts.computeIfAbsent(cohort, c -> cohorts.size());
            List<Integer> members = new ArrayList<>();
            for (int m = 0; m < teams.size(); m++) {
                if (m == t || (cohort != null && cohort.equals(teams.get(m).cohort()))) {
                    members.add(m);
                }
            }
            cohortOf[t] = members.stream().mapToInt(Integer::intValue).toArray();
            cohortBorrowed[t] = cohort == null ? new long[accelerators.size()]
                    : sharedBorrowed.computeIfAbsent(cohort, c -> new long[accelerators.size()]);
            cohortLendable[t] = cohort == null ? new long[accelerators.size()]
                    : sharedLendable.computeIfAbsent(cohort, c -> new long[accelerators.size()]);
            for (int a = 0; a < accelerators.size(); a++) {
                cohortLendable[t][a] += lendable(t, a);
            }
        }
    }

    public int team(String name) {
        Integer t = teamIndex.get(name);
        return t == null ? -1 : t;
    }

    public int accelerator(String name) {
        Integer a = acceleratorIndex.get(name);
        return a == null ? -1 : a;
    }

    public String teamName(int t) {
        return teams.get(t).name();
    }

    /** How many accelerator types the ledger counts. */
    public int accelerators() {
        return accelerators.size();
    }

    public String acceleratorName(int a) {
        return accelerators.get(a).name();
    }

    public int used(int team, int accelerator) {
        return used[team][accelerator];
    }

    public Quota quota(int team, int accelerator) {
        return quota[team][accelerator];
    }

    /** GPUs the team uses above its nominal quota: borrowed from its cohort. */
    public int borrowed(int team, int accelerator) {
        return Math.max(0, used[team][accelerator] - quota[team][accelerator].nominal());
    }

    public boolean isBorrowing(int team, int accelerator) {
        return borrowed(team, accelerator) > 0;
    }

    /** Whether the team may ever use more GPUs of the type than its nominal quota: it has a cohort and a borrowing limit. */
    public boolean mayBorrow(int team, int accelerator) {
        return cohortName[team] != null && quota[team][accelerator].borrowingLimit() > 0;
    }

    /** Calls {@code forEach} with the team and each other member of its cohort (the team alone when it has none). */
    public void forEachInCohort(int team, java.util.function.IntConsumer forEach) {
        for (int m : cohortOf[team]) {
            forEach.accept(m);
        }
    }

    public boolean sameCohort(int a, int b) {
        return a == b || (cohortIndex[a] >= 0 && cohortIndex[a] == cohortIndex[b]);
    }

    /** Whether {@code team} may take {@code gpus} more GPUs of a type. */
    public QuotaCheck check(int team, int accelerator, int gpus) {
        Quota q = quota[team][accelerator];
        long after = (long) used[team][accelerator] + gpus;
        // The names go only into refusals: most checks admit.
        if (after > q.ceiling()) {
            String limit = q.borrowingLimit() == 0 || cohortName[team] == null
                    ? "its quota " + q.nominal()
                    : "its quota " + q.nominal() + " plus borrowing limit " + q.borrowingLimit();
            return QuotaCheck.refuse("team " + teamName(team) + " uses " + used[team][accelerator] + "/" + q.nominal() + " "
                    + acceleratorName(accelerator) + "; " + gpus + " more would exceed " + limit);
        }
        if (!normalizedFits(team, accelerator, gpus)) {
            return QuotaCheck.refuse("team " + teamName(team) + " would exceed its normalized quota of "
                    + teams.get(team).normalizedQuota() + " reference GPUs");
        }
        if (after <= q.nominal() && cohortBorrowed[team][accelerator] == 0) {
            return QuotaCheck.ADMIT;
        }
        if (after > q.nominal() && cohortName[team] == null) {
            return QuotaCheck.refuse("team " + teamName(team) + " uses " + used[team][accelerator] + "/" + q.nominal() + " "
                    + acceleratorName(accelerator) + " and is in no cohort to borrow from");
        }
        // The cohort's sums with the team's own part as it would be.
        long u = used[team][accelerator] + gpus;
        long borrowedAfter = cohortBorrowed[team][accelerator] - borrowed(team, accelerator)
                + Math.max(0, u - q.nominal());
        long lendableAfter = cohortLendable[team][accelerator] - lendable(team, accelerator)
                + q.lendable((int) Math.max(0, q.nominal() - u));
        if (borrowedAfter <= lendableAfter) {
            return QuotaCheck.ADMIT;
        }
        String name = teamName(team);
        String type = acceleratorName(accelerator);
        String cohort = "cohort " + cohortName[team] + " has " + toLend(team, accelerator) + " " + type + " to lend";
        if (after <= q.nominal()) {
            return QuotaCheck.reclaim("team " + name + " is within its quota of " + q.nominal() + " " + type
                    + ", which other members of cohort " + cohortName[team] + " borrowed");
        }
        return QuotaCheck.refuse("team " + name + " uses " + used[team][accelerator] + "/" + q.nominal() + " " + type
                + " and " + cohort);
    }

    /** GPUs of a type the other members of the team's cohort lend and nobody borrows yet. */
    public long toLend(int team, int accelerator) {
        long lendable = 0;
        long borrowed = 0;
        for (int m : cohortOf[team]) {
            if (m != team) {
                Quota mq = quota[m][accelerator];
                lendable += mq.lendable(Math.max(0, mq.nominal() - used[m][accelerator]));
                borrowed += borrowed(m, accelerator);
            }
        }
        return Math.max(0, lendable - borrowed);
    }

    private boolean normalizedFits(int team, int accelerator, int gpus) {
        double limit = normalizedLimit[team];
        if (Double.isNaN(limit)) {
            return true;
        }
        double total = gpus * accelerators.get(accelerator).speed();
        for (int a = 0; a < accelerators.size(); a++) {
            total += used[team][a] * accelerators.get(a).speed();
        }
        return total <= limit + 1e-9;
    }

    /** Of the team's unused nominal GPUs of a type, how many it lends its cohort. */
    private int lendable(int team, int accelerator) {
        Quota q = quota[team][accelerator];
        return q.lendable(Math.max(0, q.nominal() - used[team][accelerator]));
    }

    public void add(int team, int accelerator, int gpus) {
        int before = borrowed(team, accelerator);
        int lentBefore = lendable(team, accelerator);
        used[team][accelerator] += gpus;
        cohortBorrowed[team][accelerator] += borrowed(team, accelerator) - before;
        cohortLendable[team][accelerator] += lendable(team, accelerator) - lentBefore;
    }

    public void remove(int team, int accelerator, int gpus) {
        if (used[team][accelerator] < gpus) {
            throw new IllegalStateException("team " + teams.get(team).name() + " uses " + used[team][accelerator]
                    + " " + accelerators.get(accelerator).name() + "; cannot give back " + gpus);
        }
        int before = borrowed(team, accelerator);
        int lentBefore = lendable(team, accelerator);
        used[team][accelerator] -= gpus;
        cohortBorrowed[team][accelerator] += borrowed(team, accelerator) - before;
        cohortLendable[team][accelerator] += lendable(team, accelerator) - lentBefore;
    }

    /** Every broken quota rule, for the invariant checker: usage over a ceiling, or a cohort lending more than it may. */
    public List<String> violations() {
        List<String> found = new ArrayList<>();
        for (int t = 0; t < teams.size(); t++) {
            for (int a = 0; a < accelerators.size(); a++) {
                Quota q = quota[t][a];
                if (used[t][a] > q.ceiling() || (cohortName[t] == null && used[t][a] > q.nominal())) {
                    found.add("team " + teams.get(t).name() + " uses " + used[t][a] + " " + accelerators.get(a).name()
                            + ", over its ceiling");
                }
                if (cohortName[t] == null) {
                    continue;
                }
                long borrowed = 0;
                long lendable = 0;
                for (int m : cohortOf[t]) {
                    borrowed += borrowed(m, a);
                    lendable += quota[m][a].lendable(Math.max(0, quota[m][a].nominal() - used[m][a]));
                }
                if (borrowed > lendable) {
                    found.add("cohort of team " + teams.get(t).name() + " borrows " + borrowed + " " + accelerators.get(a).name()
                            + " but lends only " + lendable);
                }
                if (borrowed != cohortBorrowed[t][a] || lendable != cohortLendable[t][a]) {
                    found.add("cohort of team " + teams.get(t).name() + " is counted as borrowing "
                            + cohortBorrowed[t][a] + " and lending " + cohortLendable[t][a] + " "
                            + accelerators.get(a).name() + ", not " + borrowed + " and " + lendable);
                }
            }
            if (!accelerators.isEmpty() && !normalizedFits(t, 0, 0)) {
                found.add("team " + teams.get(t).name() + " exceeds its normalized quota");
            }
        }
        return found;
    }
}
