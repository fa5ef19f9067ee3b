package dev.quartermaster.engine.admission;

import static dev.quartermaster.fleet.Quota.UNLIMITED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quartermaster.engine.admission.QuotaCheck.Outcome;
import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.SoftwareStack;
import dev.quartermaster.fleet.Team;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Quota admission in the Kueue model: nominal, borrowing and lending within a cohort, reclaim, normalized quota. */
class QuotaLedgerTest {

    /** H100 is the reference (1.0); B200 2.2; MI300X 1.2. */
    static final List<Accelerator> ACCELERATORS = List.of(
            new Accelerator("H100", "nvidia", SoftwareStack.CUDA, 80, 1.0),
            new Accelerator("B200", "nvidia", SoftwareStack.CUDA, 192, 2.2),
            new Accelerator("MI300X", "amd", SoftwareStack.ROCM, 192, 1.2));

    static QuotaLedger ledger(Team... teams) {
        return new QuotaLedger(new Fleet(ACCELERATORS, List.of(), List.of(teams), List.of()));
    }

    /** A team with an H100 quota. */
    static Team team(String name, String cohort, Quota h100) {
        return new Team(name, cohort, 1, Map.of("H100", h100), null);
    }

    static Team normalized(String name, double normalizedQuota) {
        return new Team(name, null, 1, Map.of("H100", Quota.of(64), "B200", Quota.of(64), "MI300X", Quota.of(64)),
                normalizedQuota);
    }

    static Quota limits(int nominal, int borrowingLimit, int lendingLimit) {
        return new Quota(nominal, borrowingLimit, lendingLimit);
    }

    /** Applies "team type gpus" usages with add(). */
    static QuotaLedger using(QuotaLedger ledger, String... usages) {
        for (String u : usages) {
            String[] p = u.split(" ");
            ledger.add(ledger.team(p[0]), ledger.accelerator(p[1]), Integer.parseInt(p[2]));
        }
        return ledger;
    }

    /**
     * A ledger in a consistent state, one check of {@code gpus} more {@code type} for {@code team}, the outcome, and
     * the parts the reason must contain.
     */
    record Row(String description, QuotaLedger ledger, String team, String type, int gpus, Outcome outcome,
            List<String> reasonParts) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Row row(String description, QuotaLedger ledger, String team, String type, int gpus, Outcome outcome,
            String... reasonParts) {
        return new Row(description, ledger, team, type, gpus, outcome, List.of(reasonParts));
    }

    static List<Row> checks() {
        return List.of(
                // Nominal, no cohort
                row("within nominal", ledger(team("solo", null, Quota.of(8))), "solo", "H100", 8, Outcome.ADMIT),
                row("up to nominal exactly", using(ledger(team("solo", null, Quota.of(8))), "solo H100 4"),
                        "solo", "H100", 4, Outcome.ADMIT),
                row("over nominal without a cohort",
                        using(ledger(team("solo", null, Quota.of(8))), "solo H100 4"), "solo", "H100", 8, Outcome.REFUSE,
                        "team solo uses 4/8 H100 and is in no cohort to borrow from"),
                row("over nominal without a cohort, inside a borrowing limit that has no one to borrow from",
                        using(ledger(team("solo", null, limits(8, 4, UNLIMITED))), "solo H100 8"), "solo", "H100", 2,
                        Outcome.REFUSE, "team solo uses 8/8 H100 and is in no cohort to borrow from"),
                row("over the ceiling without a cohort names only the quota",
                        using(ledger(team("solo", null, limits(8, 4, UNLIMITED))), "solo H100 8"), "solo", "H100", 6,
                        Outcome.REFUSE, "team solo uses 8/8 H100; 6 more would exceed its quota 8"),
                row("a type without quota", ledger(team("solo", null, Quota.of(8))), "solo", "B200", 1,
                        Outcome.REFUSE, "team solo uses 0/0 B200; 1 more would exceed its quota 0"),
                // Borrowing
                row("borrowing all a member lends",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", Quota.of(8))), "a H100 8"),
                        "a", "H100", 8, Outcome.ADMIT),
                row("borrowing more than the cohort lends",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", Quota.of(8))), "a H100 8"),
                        "a", "H100", 9, Outcome.REFUSE, "team a uses 8/8 H100 and cohort c has 8 H100 to lend"),
                row("borrowing up to the borrowing limit",
                        using(ledger(team("a", "c", limits(8, 4, UNLIMITED)), team("b", "c", Quota.of(8))), "a H100 8"),
                        "a", "H100", 4, Outcome.ADMIT),
                row("borrowing past the borrowing limit",
                        using(ledger(team("a", "c", limits(8, 4, UNLIMITED)), team("b", "c", Quota.of(8))), "a H100 8"),
                        "a", "H100", 5, Outcome.REFUSE,
                        "team a uses 8/8 H100; 5 more would exceed its quota 8 plus borrowing limit 4"),
                row("borrowing limit 0 in a cohort",
                        ledger(team("a", "c", limits(8, 0, UNLIMITED)), team("b", "c", Quota.of(8))),
                        "a", "H100", 9, Outcome.REFUSE, "9 more would exceed its quota 8"),
                row("borrowing limit counts from nominal, not from use",
                        using(ledger(team("a", "c", limits(8, 4, UNLIMITED)), team("b", "c", Quota.of(8))), "a H100 2"),
                        "a", "H100", 10, Outcome.ADMIT),
                row("nominal 0, everything borrowed",
                        ledger(team("a", "c", limits(0, UNLIMITED, 0)), team("b", "c", Quota.of(8))),
                        "a", "H100", 8, Outcome.ADMIT),
                // Lending limit
                row("up to the lending limit",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", limits(8, UNLIMITED, 2))), "a H100 8"),
                        "a", "H100", 2, Outcome.ADMIT),
                row("past the lending limit",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", limits(8, UNLIMITED, 2))), "a H100 8"),
                        "a", "H100", 3, Outcome.REFUSE, "cohort c has 2 H100 to lend"),
                row("a lender lends only what it does not use, at most its lending limit",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", limits(8, UNLIMITED, 4))),
                                "a H100 8", "b H100 6"),
                        "a", "H100", 3, Outcome.REFUSE, "cohort c has 2 H100 to lend"),
                row("lending limits of several members add up",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", limits(8, UNLIMITED, 2)),
                                team("x", "c", limits(8, UNLIMITED, 3))), "a H100 8"),
                        "a", "H100", 5, Outcome.ADMIT),
                // Nothing to lend
                row("cohort whose members use all their nominal",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", Quota.of(8))), "a H100 8", "b H100 8"),
                        "a", "H100", 1, Outcome.REFUSE, "team a uses 8/8 H100 and cohort c has 0 H100 to lend"),
                row("cohort whose spare quota another member already borrowed",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", Quota.of(8)),
                                team("x", "c", Quota.of(8))), "a H100 8", "x H100 16"),
                        "a", "H100", 1, Outcome.REFUSE, "cohort c has 0 H100 to lend"),
                row("cohort of one",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "d", Quota.of(8))), "a H100 8"),
                        "a", "H100", 1, Outcome.REFUSE, "cohort c has 0 H100 to lend"),
                // Reclaim
                row("a lender within nominal needs back all a member borrowed",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", Quota.of(8))), "b H100 16"),
                        "a", "H100", 8, Outcome.RECLAIM,
                        "team a is within its quota of 8 H100, which other members of cohort c borrowed"),
                row("a lender within nominal needs back part of what a member borrowed",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", Quota.of(8))), "b H100 12"),
                        "a", "H100", 6, Outcome.RECLAIM, "team a is within its quota of 8 H100"),
                row("a lender that leaves enough unused needs nothing back",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", Quota.of(8))), "b H100 12"),
                        "a", "H100", 4, Outcome.ADMIT),
                row("no reclaim while a third member lends enough",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", Quota.of(8)),
                                team("x", "c", Quota.of(8))), "b H100 16"),
                        "a", "H100", 8, Outcome.ADMIT),
                row("a lending limit keeps part of the nominal: reclaim only past it",
                        using(ledger(team("a", "c", limits(8, UNLIMITED, 2)), team("b", "c", Quota.of(8))), "b H100 10"),
                        "a", "H100", 6, Outcome.ADMIT),
                row("a lending limit keeps part of the nominal: reclaim past it",
                        using(ledger(team("a", "c", limits(8, UNLIMITED, 2)), team("b", "c", Quota.of(8))), "b H100 10"),
                        "a", "H100", 7, Outcome.RECLAIM, "team a is within its quota of 8 H100"),
                row("asking past nominal while lent out is refused, not reclaimed",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", Quota.of(8))), "b H100 16"),
                        "a", "H100", 9, Outcome.REFUSE, "team a uses 0/8 H100 and cohort c has 0 H100 to lend"),
                // Normalized quota: GPUs counted by Accelerator.speed
                row("normalized: 16 MI300X = 19.2 of 20", ledger(normalized("n", 20)), "n", "MI300X", 16, Outcome.ADMIT),
                row("normalized: 17 MI300X = 20.4 of 20", ledger(normalized("n", 20)), "n", "MI300X", 17,
                        Outcome.REFUSE, "team n would exceed its normalized quota of 20.0 reference GPUs"),
                row("normalized: 20 H100 = 20 of 20, the limit itself", ledger(normalized("n", 20)), "n", "H100", 20,
                        Outcome.ADMIT),
                row("normalized: 8 B200 (17.6) + 2 H100 = 19.6 of 20",
                        using(ledger(normalized("n", 20)), "n B200 8"), "n", "H100", 2, Outcome.ADMIT),
                row("normalized: 8 B200 (17.6) + 3 H100 = 20.6 of 20",
                        using(ledger(normalized("n", 20)), "n B200 8"), "n", "H100", 3, Outcome.REFUSE,
                        "normalized quota of 20.0"),
                row("normalized: 8 B200 (17.6) + 1 B200 = 19.8 of 20",
                        using(ledger(normalized("n", 20)), "n B200 8"), "n", "B200", 1, Outcome.ADMIT),
                row("normalized: 8 B200 (17.6) + 2 B200 = 22 of 20",
                        using(ledger(normalized("n", 20)), "n B200 8"), "n", "B200", 2, Outcome.REFUSE,
                        "normalized quota of 20.0"),
                row("normalized: every type counts, 4 H100 + 4 B200 + 4 MI300X = 17.6, + 2 H100 = 19.6",
                        using(ledger(normalized("n", 20)), "n H100 4", "n B200 4", "n MI300X 4"), "n", "H100", 2,
                        Outcome.ADMIT),
                row("normalized: every type counts, 17.6 + 2 MI300X = 20.0",
                        using(ledger(normalized("n", 20)), "n H100 4", "n B200 4", "n MI300X 4"), "n", "MI300X", 2,
                        Outcome.ADMIT),
                row("normalized: every type counts, 17.6 + 3 MI300X = 21.2",
                        using(ledger(normalized("n", 20)), "n H100 4", "n B200 4", "n MI300X 4"), "n", "MI300X", 3,
                        Outcome.REFUSE, "normalized quota"),
                row("normalized quota 0 admits nothing", ledger(normalized("n", 0)), "n", "H100", 1, Outcome.REFUSE,
                        "normalized quota of 0.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void check(Row row) {
        QuotaLedger l = row.ledger();
        assertThat(l.violations()).as("the row starts consistent").isEmpty();
        QuotaCheck check = l.check(l.team(row.team()), l.accelerator(row.type()), row.gpus());
        assertThat(check.outcome()).as(check.reason()).isEqualTo(row.outcome());
        assertThat(check.admitted()).isEqualTo(row.outcome() == Outcome.ADMIT);
        if (row.outcome() == Outcome.ADMIT) {
            assertThat(check.reason()).isEmpty();
        }
        for (String part : row.reasonParts()) {
            assertThat(check.reason()).contains(part);
        }
        if (row.outcome() == Outcome.ADMIT) {
            l.add(l.team(row.team()), l.accelerator(row.type()), row.gpus());
            assertThat(l.violations()).as("admitting keeps the ledger consistent").isEmpty();
        }
    }

    // borrowed, toLend, sameCohort

    @Test
    void borrowedAndToLend() {
        QuotaLedger l = using(ledger(team("a", "c", Quota.of(8)), team("b", "c", limits(8, UNLIMITED, 6)),
                team("x", "c", Quota.of(4)), team("solo", null, Quota.of(8))), "a H100 12", "b H100 1", "x H100 2");
        int h100 = l.accelerator("H100");
        int a = l.team("a");
        int b = l.team("b");
        int x = l.team("x");
        assertThat(l.borrowed(a, h100)).isEqualTo(4);
        assertThat(l.isBorrowing(a, h100)).isTrue();
        assertThat(l.borrowed(b, h100)).isZero();
        assertThat(l.isBorrowing(b, h100)).isFalse();
        // b lends min(7, 6) = 6, x lends 2, a borrows 4
        assertThat(l.toLend(a, h100)).isEqualTo(6 + 2);
        // a's 0 + x's 2 lent, minus a's 4 borrowed: nothing left for b
        assertThat(l.toLend(b, h100)).isZero();
        assertThat(l.toLend(x, h100)).isEqualTo(6 - 4);
        assertThat(l.toLend(l.team("solo"), h100)).isZero();
        assertThat(l.sameCohort(a, b)).isTrue();
        assertThat(l.sameCohort(a, l.team("solo"))).isFalse();
        assertThat(l.sameCohort(l.team("solo"), l.team("solo"))).isTrue();
        assertThat(l.violations()).isEmpty();
    }

    @Test
    void theMembersOfACohortAreThoseItCompares() {
        QuotaLedger l = ledger(team("a", "c", Quota.of(8)), team("solo", null, Quota.of(8)), team("b", "c", Quota.of(8)),
                team("y", "d", Quota.of(4)), team("z", "d", Quota.of(4)));
        for (String name : List.of("a", "solo", "b", "y", "z")) {
            int team = l.team(name);
            List<Integer> members = new java.util.ArrayList<>();
            l.forEachInCohort(team, members::add);
            List<Integer> compared = java.util.stream.IntStream.range(0, 5).filter(m -> l.sameCohort(team, m)).boxed().toList();
            assertThat(members).as(name).containsExactlyInAnyOrderElementsOf(compared).contains(team);
        }
        List<Integer> ofA = new java.util.ArrayList<>();
        l.forEachInCohort(l.team("a"), ofA::add);
        assertThat(ofA).containsExactlyInAnyOrder(l.team("a"), l.team("b"));
    }

    @Test
    void namesAndIndexes() {
        QuotaLedger l = ledger(team("a", "c", Quota.of(8)), team("b", null, Quota.of(8)));
        assertThat(l.team("a")).isZero();
        assertThat(l.team("b")).isEqualTo(1);
        assertThat(l.team("ghost")).isEqualTo(-1);
        assertThat(l.accelerator("B200")).isEqualTo(1);
        assertThat(l.accelerator("TPU")).isEqualTo(-1);
        assertThat(l.teamName(1)).isEqualTo("b");
        assertThat(l.acceleratorName(2)).isEqualTo("MI300X");
        assertThat(l.quota(0, 0)).isEqualTo(Quota.of(8));
        assertThat(l.quota(0, 1)).isEqualTo(Quota.NONE);
    }

    // add / remove

    @Test
    void removeGivesBackAndBelowZeroThrows() {
        QuotaLedger l = using(ledger(team("a", null, Quota.of(8))), "a H100 4");
        l.remove(0, 0, 3);
        assertThat(l.used(0, 0)).isEqualTo(1);
        assertThatThrownBy(() -> l.remove(0, 0, 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("team a uses 1 H100; cannot give back 2");
        assertThat(l.used(0, 0)).as("unchanged by the refused remove").isEqualTo(1);
        l.remove(0, 0, 1);
        assertThat(l.used(0, 0)).isZero();
        assertThatThrownBy(() -> l.remove(0, 1, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("team a uses 0 B200; cannot give back 1");
    }

    @Test
    void violationsOfAFleetWithoutAcceleratorTypes() {
        QuotaLedger l = new QuotaLedger(new Fleet(List.of(), List.of(), List.of(new Team("t", null, 1, Map.of(), 10.0)),
                List.of()));
        assertThat(l.violations()).isEmpty();
    }

    // violations

    record Violations(String description, QuotaLedger ledger, List<String> expected) {
        @Override
        public String toString() {
            return description;
        }
    }

    static List<Violations> violations() {
        return List.of(
                new Violations("empty ledger", ledger(team("a", "c", Quota.of(8)), normalized("n", 10)), List.of()),
                new Violations("solo within nominal", using(ledger(team("solo", null, Quota.of(8))), "solo H100 8"),
                        List.of()),
                new Violations("borrowing within what the cohort lends",
                        using(ledger(team("a", "c", limits(8, 4, UNLIMITED)), team("b", "c", limits(8, UNLIMITED, 4))),
                                "a H100 12", "b H100 4"),
                        List.of()),
                new Violations("normalized exactly at its limit: 4 + 8.8 + 7.2 = 20",
                        using(ledger(normalized("n", 20)), "n H100 4", "n B200 4", "n MI300X 6"), List.of()),
                new Violations("no cohort, over nominal",
                        using(ledger(team("solo", null, Quota.of(8))), "solo H100 9"),
                        // in no cohort: the ceiling alone, no line about a cohort it does not have
                        List.of("team solo uses 9 H100, over its ceiling")),
                new Violations("over nominal plus borrowing limit",
                        using(ledger(team("a", "c", limits(8, 4, UNLIMITED)), team("b", "c", Quota.of(16))), "a H100 13"),
                        List.of("team a uses 13 H100, over its ceiling")),
                new Violations("a type without quota",
                        using(ledger(team("solo", null, Quota.of(8))), "solo B200 1"),
                        List.of("team solo uses 1 B200, over its ceiling")),
                new Violations("cohort borrowing more than it lends",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", Quota.of(8))), "a H100 16", "b H100 4"),
                        List.of("cohort of team a borrows 8 H100 but lends only 4",
                                "cohort of team b borrows 8 H100 but lends only 4")),
                new Violations("cohort borrowing past a lending limit",
                        using(ledger(team("a", "c", Quota.of(8)), team("b", "c", limits(8, UNLIMITED, 1))), "a H100 10"),
                        List.of("cohort of team a borrows 2 H100 but lends only 1",
                                "cohort of team b borrows 2 H100 but lends only 1")),
                new Violations("normalized quota exceeded",
                        using(ledger(normalized("n", 20)), "n B200 10"),
                        List.of("team n exceeds its normalized quota")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void violationsFound(Violations row) {
        assertThat(row.ledger().violations()).containsExactlyInAnyOrderElementsOf(row.expected());
    }

    /**
     * Random admissions (add only what check admits) and releases in a cohort with borrowing and lending limits, a
     * team without a cohort and a normalized quota: the ledger never breaks a rule.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void admittingOnlyWhatCheckAdmitsKeepsTheLedgerConsistent(long seed) {
        QuotaLedger l = ledger(
                new Team("a", "c", 1, Map.of("H100", limits(8, 8, UNLIMITED), "B200", Quota.of(4)), null),
                new Team("b", "c", 1, Map.of("H100", limits(16, UNLIMITED, 4), "B200", limits(4, 0, 4)), null),
                new Team("x", "c", 1, Map.of("H100", limits(0, 16, 0), "MI300X", Quota.of(8)), 12.0),
                new Team("solo", null, 1, Map.of("H100", Quota.of(8), "B200", Quota.of(8)), 20.0));
        SplittableRandom random = new SplittableRandom(seed);
        int teams = 4;
        int types = ACCELERATORS.size();
        int admitted = 0;
        List<String> log = new ArrayList<>();
        for (int step = 0; step < 2_000; step++) {
            int t = random.nextInt(teams);
            int a = random.nextInt(types);
            if (random.nextInt(3) > 0) {
                int gpus = 1 + random.nextInt(8);
                QuotaCheck check = l.check(t, a, gpus);
                log.add("check " + l.teamName(t) + " " + l.acceleratorName(a) + " " + gpus + ": " + check.outcome());
                // The ledger keeps its cohorts' sums as it goes; a walk over the members must agree with what it said.
                boolean cohortSaidNo = check.outcome() == Outcome.RECLAIM || check.reason().contains("to lend");
                if (check.admitted() || cohortSaidNo) {
                    assertThat(cohortLendsEnough(l, teams, t, a, gpus)).as("%s", log.get(log.size() - 1))
                            .isEqualTo(check.admitted());
                }
                if (check.admitted()) {
                    l.add(t, a, gpus);
                    admitted++;
                }
            } else if (l.used(t, a) > 0) {
                int gpus = 1 + random.nextInt(l.used(t, a));
                l.remove(t, a, gpus);
                log.add("remove " + l.teamName(t) + " " + l.acceleratorName(a) + " " + gpus);
            }
            assertThat(l.violations()).as("after %s", log.subList(Math.max(0, log.size() - 5), log.size())).isEmpty();
        }
        assertThat(admitted).as("the walk admits some work").isGreaterThan(50);
    }

    /** Whether the team's cohort could lend what it would borrow with {@code gpus} more, by a walk over its members. */
    private static boolean cohortLendsEnough(QuotaLedger l, int teams, int team, int type, int gpus) {
        long borrowed = 0;
        long lendable = 0;
        for (int m = 0; m < teams; m++) {
            if (!l.sameCohort(team, m)) {
                continue;
            }
            long used = l.used(m, type) + (m == team ? gpus : 0);
            Quota q = l.quota(m, type);
            borrowed += Math.max(0, used - q.nominal());
            lendable += q.lendable((int) Math.max(0, q.nominal() - used));
        }
        return borrowed <= lendable;
    }

    static LongStream seeds() {
        return LongStream.of(1, 2, 3, 42, 2027);
    }
}
