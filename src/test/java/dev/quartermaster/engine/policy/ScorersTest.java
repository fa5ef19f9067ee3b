package dev.quartermaster.engine.policy;

import static dev.quartermaster.engine.TestFleets.fleet;
import static dev.quartermaster.engine.TestFleets.onDemand;
import static dev.quartermaster.engine.TestFleets.spot;
import static dev.quartermaster.engine.TestWorkloads.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quartermaster.engine.TestWorkloads;
import dev.quartermaster.engine.policy.Policy.Weighted;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.PriceBasis;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The standard scorers, policy weights, the policies by name, and the queue orders. */
class ScorersTest {

    static final Fleet FLEET = fleet()
            .provider("own", Tier.IN_HOUSE).cluster("dc", "us-west", "H100", 4, 4, 1.0).done()
            .provider("cloud", Tier.HYPERSCALER).cluster("aws", "us-east",
                    onDemand("h100-od", "H100", 16, 4.0, 30),
                    spot("h100-spot", "H100", 16, 1.5, 0.05)).done()
            .team("a", "H100", 64)
            .build();

    static final double EPSILON = 1e-9;

    static Offer offer(String pool, TestWorkloads w, double price, double speed, int tierRank, double fillAfter) {
        Site site = FLEET.site(PoolRef.parse("pool", pool)).orElseThrow();
        Workload workload = w.build();
        return new Offer(workload, site, null, speed, price, PriceBasis.OWNED, tierRank, fillAfter);
    }

    /** A 10-hour 8-GPU H100 job in the owned pool at a given marginal price. */
    static Offer owned(double price) {
        return offer("dc/h100", workload("j").hours(10), price, 1.0, 0, 0);
    }

    static Offer ranked(int tierRank) {
        return offer("dc/h100", workload("j").hours(10), 1.0, 1.0, tierRank, 0);
    }

    static Offer filled(double fillAfter) {
        return offer("dc/h100", workload("j").hours(10), 1.0, 1.0, 0, fillAfter);
    }

    static Offer faster(double speed) {
        return offer("dc/h100", workload("j").hours(10).on("H100", speed), 1.0, speed, 0, 0);
    }

    record Row(String description, Scorer scorer, Offer offer, double expected) {
        @Override
        public String toString() {
            return scorer.name() + ": " + description + " -> " + expected;
        }
    }

    static final Scorer COST = Scorers.cost(ValueOfTime.DEFAULT);

    static List<Row> scores() {
        return List.of(
                // cost: 100 / (1 + effective cost)
                new Row("idle committed, $0", COST, owned(0), 100),
                new Row("$1", COST, owned(1), 50),
                new Row("$3", COST, owned(3), 25),
                new Row("$9", COST, owned(9), 10),
                // on-demand $4 plus provisioning 0.5 h x $2 / 10 h = 0.1: 100 / 5.1
                new Row("on-demand $4 with 30 min to provision", COST,
                        offer("aws/h100-od", workload("j").hours(10), 4.0, 1.0, 0, 0), 100 / 5.1),
                // spot $1.5 + provisioning (1/6) x 2 / 10 + risk 0.05 x 5 x 3.5 = 1.5 + 0.0333 + 0.875
                new Row("spot $1.5 without checkpoints", COST,
                        offer("aws/h100-spot", workload("j").hours(10), 1.5, 1.0, 0, 0), 100 / (1 + 1.5 + 1.0 / 30 + 0.875)),
                // tier: 100 - 50 x rank, at least 0
                new Row("most preferred tier", Scorers.TIER, ranked(0), 100),
                new Row("second tier", Scorers.TIER, ranked(1), 50),
                new Row("third tier", Scorers.TIER, ranked(2), 0),
                new Row("a fourth tier never goes below 0", Scorers.TIER, ranked(3), 0),
                // fragmentation: 100 x fill after
                new Row("empty domain stays nearly empty", Scorers.FRAGMENTATION, filled(0), 0),
                new Row("a quarter full", Scorers.FRAGMENTATION, filled(0.25), 25),
                new Row("three quarters full", Scorers.FRAGMENTATION, filled(0.75), 75),
                new Row("exactly full", Scorers.FRAGMENTATION, filled(1), 100),
                // throughput: 100 x s / (1 + s)
                new Row("half speed", Scorers.THROUGHPUT, faster(0.5), 100 / 3.0),
                new Row("reference speed", Scorers.THROUGHPUT, faster(1.0), 50),
                new Row("MI300X-like 1.2x", Scorers.THROUGHPUT, faster(1.2), 100 * 1.2 / 2.2),
                new Row("B200-like 2.2x", Scorers.THROUGHPUT, faster(2.2), 68.75),
                new Row("3x", Scorers.THROUGHPUT, faster(3), 75));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scores")
    void scoresAsComputedByHand(Row row) {
        double score = row.scorer().score(row.offer());
        assertThat(score).isCloseTo(row.expected(), within(EPSILON));
        assertThat(score).isBetween(0.0, Scorer.MAX);
    }

    /** Every built-in policy's bound for a tier rank is at or above the score of any offer of that rank. */
    @ParameterizedTest
    @ValueSource(strings = {"fair", "cost", "hetero", "fifo"})
    void aPolicysBoundIsAtOrAboveEveryScoreOfTheTierRank(String name) {
        Policy policy = Policies.byName(name);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            int rank = random.nextInt(3);
            String pool = List.of("dc/h100", "aws/h100-od", "aws/h100-spot").get(random.nextInt(3));
            Offer o = new Offer(workload("j").hours(0.01 + random.nextDouble(100)).build(),
                    FLEET.site(PoolRef.parse("pool", pool)).orElseThrow(), null, 0.5 + random.nextDouble(2),
                    random.nextInt(4) == 0 ? 0 : random.nextDouble(10), PriceBasis.OWNED, rank, random.nextDouble(),
                    random.nextDouble());
            assertThat(policy.bound(rank)).as("%s, rank %d", name, rank).isGreaterThanOrEqualTo(policy.score(o));
        }
        // The fair policy's tier weighs 0.4: 100, 80, 60 at most for ranks 0, 1, 2.
        assertThat(Policies.byName("fair").bound(2)).isCloseTo(60, within(EPSILON));
        assertThat(Scorers.TIER.bound(1)).isEqualTo(Scorers.TIER.score(ranked(1))).isEqualTo(50);
    }

    @Test
    void aPolicyWithAScorerThatCannotSayOrANegativeWeightHasNoBound() {
        Scorer unbounded = new Scorer() {
            public String name() {
                return "mine";
            }

            public double score(Offer offer) {
                return 1_000;
            }
        };
        Policy fair = Policies.byName("fair");
        Policy mine = new Policy("mine", fair.order(), fair.filters(), List.of(new Weighted(Scorers.TIER, 1),
                new Weighted(unbounded, 1)), false, true, true, ValueOfTime.DEFAULT);
        Policy negative = new Policy("negative", fair.order(), fair.filters(), List.of(new Weighted(Scorers.TIER, -1)),
                false, true, true, ValueOfTime.DEFAULT);

        assertThat(mine.bound(0)).isInfinite();
        assertThat(negative.bound(0)).isInfinite();
    }

    @Test
    void scorerNames() {
        assertThat(List.of(COST, Scorers.TIER, Scorers.FRAGMENTATION, Scorers.THROUGHPUT).stream().map(Scorer::name))
                .containsExactly("cost", "tier", "fragmentation", "throughput");
    }

    /** Each scorer over a sequence of offers, worse to better by its own measure: scores must not fall. */
    static Stream<Arguments> monotonic() {
        return Stream.of(
                Arguments.of("cost score rises as the price falls", COST,
                        map(ScorersTest::owned, 1000, 100, 8, 4, 2, 1, 0.5, 0.1, 0), true),
                Arguments.of("cost score rises as the run gets long against the provisioning wait", COST,
                        List.of(
                                offer("aws/h100-od", workload("j").hours(0.5), 4.0, 1.0, 0, 0),
                                offer("aws/h100-od", workload("j").hours(1), 4.0, 1.0, 0, 0),
                                offer("aws/h100-od", workload("j").hours(10), 4.0, 1.0, 0, 0),
                                offer("aws/h100-od", workload("j").hours(100), 4.0, 1.0, 0, 0)), true),
                Arguments.of("cost score rises with more frequent checkpoints on spot", COST,
                        List.of(
                                offer("aws/h100-spot", workload("j").hours(10), 1.5, 1.0, 0, 0),
                                offer("aws/h100-spot", workload("j").hours(10).checkpointEvery(Duration.ofHours(4)), 1.5,
                                        1.0, 0, 0),
                                offer("aws/h100-spot", workload("j").hours(10).checkpointEvery(Duration.ofHours(1)), 1.5,
                                        1.0, 0, 0),
                                offer("aws/h100-spot", workload("j").hours(10).checkpointEvery(Duration.ofMinutes(5)), 1.5,
                                        1.0, 0, 0)), true),
                Arguments.of("cost score falls as the priority rises on spot (waiting and lost work are worth more)", COST,
                        List.of(
                                offer("aws/h100-spot", workload("j").hours(10).priority(Priority.CRITICAL), 1.5, 1.0, 0, 0),
                                offer("aws/h100-spot", workload("j").hours(10).priority(Priority.HIGH), 1.5, 1.0, 0, 0),
                                offer("aws/h100-spot", workload("j").hours(10).priority(Priority.NORMAL), 1.5, 1.0, 0, 0),
                                offer("aws/h100-spot", workload("j").hours(10).priority(Priority.LOW), 1.5, 1.0, 0, 0)),
                        true),
                Arguments.of("cost score rises with speed at the same price", COST,
                        map(ScorersTest::faster, 0.5, 1.0, 1.2, 2.2, 4), true),
                Arguments.of("tier falls with rank", Scorers.TIER, map(r -> ranked((int) r), 5, 4, 3, 2, 1, 0), false),
                Arguments.of("fragmentation rises with fill", Scorers.FRAGMENTATION,
                        map(ScorersTest::filled, 0, 0.1, 0.125, 0.5, 0.9, 1), true),
                Arguments.of("throughput rises with speed", Scorers.THROUGHPUT,
                        map(ScorersTest::faster, 0.01, 0.5, 1, 1.2, 2.2, 10, 100), true));
    }

    static List<Offer> map(java.util.function.DoubleFunction<Offer> f, double... values) {
        return Arrays.stream(values).mapToObj(f).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("monotonic")
    void monotonicWhereItShouldBe(String description, Scorer scorer, List<Offer> worseToBetter, boolean strictly) {
        List<Double> scores = new ArrayList<>();
        for (Offer o : worseToBetter) {
            double s = scorer.score(o);
            assertThat(s).isBetween(0.0, Scorer.MAX);
            scores.add(s);
        }
        for (int i = 1; i < scores.size(); i++) {
            if (strictly) {
                assertThat(scores.get(i)).as(description + " " + scores).isGreaterThan(scores.get(i - 1));
            } else {
                assertThat(scores.get(i)).as(description + " " + scores).isGreaterThanOrEqualTo(scores.get(i - 1));
            }
        }
    }

    // Policy.score

    record Weights(String description, List<Weighted> scorers, Offer offer, double expected) {
        @Override
        public String toString() {
            return description;
        }
    }

    static List<Weights> weights() {
        // Owned $1 (cost 50), second tier (tier 50), 80% full after (fragmentation 80), speed 1 (throughput 50).
        Offer o = offer("dc/h100", workload("j").hours(10), 1.0, 1.0, 1, 0.8);
        Offer best = offer("dc/h100", workload("j").hours(10), 0.0, 1.0, 0, 1.0);
        return List.of(
                new Weights("no scorers score 0", List.of(), o, 0),
                new Weights("tier alone", List.of(new Weighted(Scorers.TIER, 1)), o, 50),
                new Weights("half tier, half fragmentation: 25 + 40", List.of(
                        new Weighted(Scorers.TIER, 0.5), new Weighted(Scorers.FRAGMENTATION, 0.5)), o, 65),
                new Weights("0.1 tier + 0.9 fragmentation: 5 + 72", List.of(
                        new Weighted(Scorers.TIER, 0.1), new Weighted(Scorers.FRAGMENTATION, 0.9)), o, 77),
                new Weights("weights need not add up to one: 2 x 80", List.of(
                        new Weighted(Scorers.FRAGMENTATION, 2)), o, 160),
                new Weights("zero weight ignores the scorer", List.of(
                        new Weighted(Scorers.FRAGMENTATION, 0), new Weighted(Scorers.THROUGHPUT, 1)), o, 50),
                new Weights("fair: 0.4 x 50 + 0.3 x 80 + 0.3 x 50", Policies.fair().scorers(), o, 20 + 24 + 15),
                new Weights("cost: 0.6 x 50 + 0.2 x 50 + 0.2 x 80", Policies.cost().scorers(), o, 30 + 10 + 16),
                new Weights("fifo: 1 x 80", Policies.fifo().scorers(), o, 80),
                new Weights("fair, best offer: 100", Policies.fair().scorers(), best, 100),
                new Weights("cost, best offer: 100", Policies.cost().scorers(), best, 100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weights")
    void policyScoreIsTheWeightedSum(Weights row) {
        Policy policy = new Policy("test", QueueOrder.FIFO, Filters.STANDARD, row.scorers(), false, false, false,
                ValueOfTime.DEFAULT);
        assertThat(policy.score(row.offer())).isCloseTo(row.expected(), within(EPSILON));
    }

    @Test
    void policyCopiesItsLists() {
        List<Weighted> scorers = new ArrayList<>(List.of(new Weighted(Scorers.TIER, 1)));
        Policy policy = new Policy("test", QueueOrder.FIFO, Filters.STANDARD, scorers, false, false, false,
                ValueOfTime.DEFAULT);
        scorers.add(new Weighted(Scorers.FRAGMENTATION, 1));
        assertThat(policy.scorers()).hasSize(1);
        assertThatThrownBy(() -> policy.scorers().add(new Weighted(Scorers.THROUGHPUT, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    // Policies.byName

    static Stream<Arguments> policies() {
        return Stream.of(
                // name, order, strict, backfill, preemption, scorer names
                Arguments.of("fifo", QueueOrder.FIFO, true, false, false, List.of("fragmentation")),
                Arguments.of("fair", QueueOrder.FAIR_SHARE, false, true, true, List.of("tier", "fragmentation", "cost")),
                Arguments.of("cost", QueueOrder.FAIR_SHARE, false, true, true, List.of("cost", "tier", "fragmentation")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void policyByName(String name, QueueOrder order, boolean strict, boolean backfill, boolean preemption,
            List<String> scorers) {
        Policy p = Policies.byName(name);
        assertThat(p.name()).isEqualTo(name);
        assertThat(p.order()).isSameAs(order);
        assertThat(p.strict()).as("strict").isEqualTo(strict);
        assertThat(p.backfill()).as("backfill").isEqualTo(backfill);
        assertThat(p.preemption()).as("preemption").isEqualTo(preemption);
        assertThat(p.filters()).isEqualTo(Filters.STANDARD);
        assertThat(p.scorers().stream().map(w -> w.scorer().name())).containsExactlyElementsOf(scorers);
        assertThat(p.scorers().stream().mapToDouble(Weighted::weight).sum()).isCloseTo(1.0, within(EPSILON));
        assertThat(p.valueOfTime()).isEqualTo(ValueOfTime.DEFAULT);
    }

    @Test
    void policyNamesInOrder() {
        assertThat(Policies.names()).containsExactly("fifo", "fair", "cost", "hetero");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"lifo", "", "FIFO", "fair ", "fair-share"})
    void unknownPolicyNamesTheKnownOnes(String name) {
        assertThatThrownBy(() -> Policies.byName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + name + "' is not a policy; known: fifo, fair, cost, hetero");
    }

    @Test
    void nullPolicyNameIsUnknownToo() {
        assertThatThrownBy(() -> Policies.byName(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("known: fifo, fair, cost, hetero");
    }

    // QueueOrder

    record Q(String id, int priority, long arrival, double share) implements QueueOrder.Queued {}

    /** Rows of queued workloads (id, priority, arrival, share) and the ids in the order each comparator sorts them. */
    record OrderRow(String description, List<Q> queued, String fifo, String fairWithinTeam, String fairAcrossTeams) {
        @Override
        public String toString() {
            return description;
        }
    }

    static List<OrderRow> orders() {
        return List.of(
                new OrderRow("arrival only",
                        List.of(new Q("c", 500, 3, 0), new Q("a", 500, 1, 0), new Q("b", 500, 2, 0)),
                        "a b c", "a b c", "a b c"),
                new OrderRow("priority beats arrival, except in fifo",
                        List.of(new Q("early-low", 100, 1, 0), new Q("late-high", 1000, 2, 0), new Q("mid", 500, 3, 0)),
                        "early-low late-high mid", "late-high mid early-low", "late-high mid early-low"),
                new OrderRow("share orders teams of equal priority; within a team share is ignored",
                        List.of(new Q("heavy", 500, 1, 0.9), new Q("light", 500, 2, 0.1), new Q("middle", 500, 3, 0.5)),
                        "heavy light middle", "heavy light middle", "light middle heavy"),
                new OrderRow("priority beats share",
                        List.of(new Q("light-low", 100, 1, 0.0), new Q("heavy-high", 1000, 2, 5.0)),
                        "light-low heavy-high", "heavy-high light-low", "heavy-high light-low"),
                new OrderRow("equal priority and share: arrival",
                        List.of(new Q("second", 500, 2, 0.3), new Q("first", 500, 1, 0.3), new Q("third", 500, 3, 0.3)),
                        "first second third", "first second third", "first second third"),
                new OrderRow("mixed",
                        List.of(new Q("p1", 10_000, 9, 2.0), new Q("p2", 500, 1, 0.4), new Q("p3", 500, 2, 0.2),
                                new Q("p4", 100, 0, 0.0), new Q("p5", 10_000, 8, 3.0)),
                        "p4 p2 p3 p5 p1", "p5 p1 p2 p3 p4", "p1 p5 p3 p2 p4"));
    }

    static String sorted(List<Q> queued, java.util.Comparator<QueueOrder.Queued> order) {
        return queued.stream().sorted(order).map(Q::id).reduce((a, b) -> a + " " + b).orElse("");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void queueOrders(OrderRow row) {
        assertThat(sorted(row.queued(), QueueOrder.FIFO.withinTeam())).as("fifo within").isEqualTo(row.fifo());
        assertThat(sorted(row.queued(), QueueOrder.FIFO.acrossTeams())).as("fifo across").isEqualTo(row.fifo());
        assertThat(sorted(row.queued(), QueueOrder.FAIR_SHARE.withinTeam())).as("fair within")
                .isEqualTo(row.fairWithinTeam());
        assertThat(sorted(row.queued(), QueueOrder.FAIR_SHARE.acrossTeams())).as("fair across")
                .isEqualTo(row.fairAcrossTeams());
    }

    @Test
    void queueOrderNames() {
        assertThat(QueueOrder.FIFO.name()).isEqualTo("fifo");
        assertThat(QueueOrder.FAIR_SHARE.name()).isEqualTo("fair-share");
    }
}
