package dev.quartermaster.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Cluster;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.SoftwareStack;
import dev.quartermaster.fleet.Spot;
import dev.quartermaster.fleet.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Small plans whose optimum is worked out by hand: 10 daily buckets, on-demand H100 at $4, a commitment at $2. */
class PlannerTest {

    static final Instant START = Instant.parse("2027-01-04T00:00:00Z");
    static final DemandProfile.DemandClass H100 = new DemandProfile.DemandClass(Map.of("H100", 1.0), false);
    static final DemandProfile.DemandClass RESTRICTED = new DemandProfile.DemandClass(Map.of("H100", 1.0), true);

    static Fleet fleet(int onDemandNodes) {
        return new Fleet(List.of(new Accelerator("H100", "nvidia", SoftwareStack.CUDA, 80, 1)),
                List.of(new Provider("cloud-a", Tier.HYPERSCALER, Set.of(), List.of(new Cluster("a-east", "us-east", List.of(
                        new NodePool("h100", "H100", onDemandNodes, true, 8, onDemandNodes, 4.0, Duration.ZERO, null)))), List.of())),
                List.of(), List.of());
    }

    /** {@code gpus[b]} GPUs busy all through day b. */
    static DemandProfile days(DemandProfile.DemandClass c, int... gpus) {
        return days(c, 0, gpus);
    }

    /** As {@link #days(DemandProfile.DemandClass, int...)}, with the class's exposure to spot interruptions. */
    static DemandProfile days(DemandProfile.DemandClass c, double spotExposure, int... gpus) {
        double[] demand = Arrays.stream(gpus).mapToDouble(g -> g * 24.0).toArray();
        return new DemandProfile(START, 24, gpus.length, List.of(c), new double[][] {demand}, new double[] {spotExposure}, Map.of(),
                Map.of(), 1, "test");
    }

    static int[] constant(int gpus, int days) {
        int[] g = new int[days];
        Arrays.fill(g, gpus);
        return g;
    }

    static Offer offer(String provider, int min, int leadDays) {
        return new Offer("deal", provider, Tier.SPECIALIZED, "eu-north", "H100", 8, 16, min, 1024, leadDays,
                List.of(new Term(12, 2.0), new Term(1, 3.5)));
    }

    static PlanSpec spec(Double budget, Double share, Offer... offers) {
        return new PlanSpec(List.of(Path.of("fleet.yaml")), 24, null, DemandSpec.asIs(), List.of(offers), budget, share, List.of());
    }

    @Test
    void steadyDemandIsCommittedInFullAtTheCheaperTerm() {
        Portfolio p = new Planner(fleet(100), spec(null, null, offer("gpu-cloud", 0, 0)), days(H100, constant(96, 10))).optimise();
        assertThat(p.choices()).singleElement().satisfies(c -> {
            assertThat(c.gpus()).isEqualTo(96);
            assertThat(c.termMonths()).isEqualTo(12);
            assertThat(c.utilization()).isCloseTo(1.0, within(1e-6));
            assertThat(c.breakEvenUtilization()).isEqualTo(0.5); // $2 committed against $4 on demand
        });
        assertThat(p.estimate()).isCloseTo(96 * 2.0 * 240, within(0.01)); // $46,080
        assertThat(p.costByKind()).containsOnlyKeys(Supply.NEW);
    }

    @Test
    void demandAboveBreakEvenIsCommittedAndBelowItIsBoughtOnDemand() {
        int[] sixOfTen = {96, 96, 96, 96, 96, 96, 0, 0, 0, 0};
        Portfolio commit = new Planner(fleet(100), spec(null, null, offer("gpu-cloud", 0, 0)), days(H100, sixOfTen)).optimise();
        assertThat(commit.choices()).singleElement().extracting(Choice::gpus).isEqualTo(96);
        assertThat(commit.estimate()).isCloseTo(46_080, within(0.01)); // on demand would be 96 x 4 x 144 = 55,296
        int[] fourOfTen = {96, 96, 96, 96, 0, 0, 0, 0, 0, 0};
        Portfolio buy = new Planner(fleet(100), spec(null, null, offer("gpu-cloud", 0, 0)), days(H100, fourOfTen)).optimise();
        assertThat(buy.choices()).isEmpty();
        assertThat(buy.estimate()).isCloseTo(96 * 4.0 * 96, within(0.01)); // $36,864 < $46,080 committed
    }

    @Test
    void leadTimeLeavesTheFirstDaysOnDemandAndAMinimumSizeCanRuleAnOfferOut() {
        Portfolio late = new Planner(fleet(100), spec(null, null, offer("gpu-cloud", 0, 5)), days(H100, constant(96, 10))).optimise();
        assertThat(late.choices()).singleElement().extracting(Choice::gpus).isEqualTo(96);
        assertThat(late.choices().get(0).start()).isEqualTo(java.time.LocalDate.of(2027, 1, 9));
        assertThat(late.costByKind()).containsEntry(Supply.ON_DEMAND, 96 * 4.0 * 120).containsEntry(Supply.NEW, 96 * 2.0 * 120);
        // 200 GPUs at $2 ($400 an hour) cost more than 96 on demand at $4 ($384)
        Portfolio small = new Planner(fleet(100), spec(null, null, offer("gpu-cloud", 200, 0)), days(H100, constant(96, 10))).optimise();
        assertThat(small.choices()).isEmpty();
        assertThat(small.estimate()).isCloseTo(92_160, within(0.01));
    }

    @Test
    void providerShareSplitsTheDemand() {
        Portfolio p = new Planner(fleet(100), spec(null, 0.5, offer("gpu-cloud", 0, 0)), days(H100, constant(96, 10))).optimise();
        assertThat(p.choices()).singleElement().extracting(Choice::gpus).isEqualTo(48);
        assertThat(p.gpuHoursByProvider()).containsEntry("cloud-a", 48 * 240.0).containsEntry("gpu-cloud", 48 * 240.0);
        assertThat(p.estimate()).isCloseTo(48 * 2.0 * 240 + 48 * 4.0 * 240, within(0.01));
    }

    @Test
    void infeasiblePlansNameTheBindingConstraint() {
        assertThatThrownBy(() -> new Planner(fleet(100), spec(10_000.0, null, offer("gpu-cloud", 0, 0)), days(H100, constant(96, 10)))
                .optimise())
                .isInstanceOfSatisfying(PlanInfeasibleException.class, e -> assertThat(e.constraint()).isEqualTo("budget"))
                .hasMessageContaining("costs $46.1K").hasMessageContaining("budget of $10.0K");
        assertThatThrownBy(() -> new Planner(fleet(8), spec(null, null), days(H100, constant(96, 10))).optimise())
                .isInstanceOfSatisfying(PlanInfeasibleException.class, e -> assertThat(e.constraint()).isEqualTo("capacity"))
                .hasMessageContaining("needs about 96 GPUs").hasMessageContaining("give at most 64");
        assertThatThrownBy(() -> new Planner(fleet(100), spec(null, 0.5), days(H100, constant(96, 10))).optimise())
                .isInstanceOfSatisfying(PlanInfeasibleException.class, e -> assertThat(e.constraint()).isEqualTo("maxProviderShare"));
        assertThatThrownBy(() -> new Planner(fleet(100), spec(null, null, offer("gpu-cloud", 0, 0)), days(RESTRICTED, constant(8, 10)))
                .optimise())
                .isInstanceOfSatisfying(PlanInfeasibleException.class,
                        e -> assertThat(e.constraint()).isEqualTo("restricted data only in-house"));
    }

    @Test
    void restrictedDataGoesToOwnedCapacityAndAnInHouseOfferGrowsIt() {
        Fleet withOwned = new Fleet(fleet(100).accelerators(), List.of(fleet(100).providers().get(0),
                new Provider("own-dc", Tier.IN_HOUSE, Set.of(Provider.RESTRICTED_DATA), List.of(new Cluster("dc-1", "us-west", List.of(
                        new NodePool("h100", "H100", 1, false, 8, 1, 1.10, Duration.ZERO, null)))), List.of())), List.of(), List.of());
        Offer buy = new Offer("more-h100", "own-dc", Tier.IN_HOUSE, "us-west", "H100", 8, 16, 0, 1024, 0, List.of(new Term(36, 1.50)));
        Portfolio p = new Planner(withOwned, spec(null, null, buy), days(RESTRICTED, constant(96, 10))).optimise();
        // 8 owned GPUs at $1.10, the other 88 (11 nodes) bought; the $4 cloud may not hold restricted data
        assertThat(p.choices()).singleElement().extracting(Choice::gpus).isEqualTo(88);
        assertThat(p.estimate()).isCloseTo(8 * 1.10 * 240 + 88 * 1.50 * 240, within(0.01));
        assertThat(p.costByTier()).containsOnlyKeys("in-house");
    }

    /** On demand at $4 and spot at $3, taken back 0.5 times per node-hour. */
    static Fleet withSpot() {
        Provider cloud = fleet(100).providers().get(0);
        Cluster spot = new Cluster("a-spot", "us-east", List.of(new NodePool("h100-spot", "H100", 20, true, 8, 20, 3.0, Duration.ZERO,
                new Spot(0.5))));
        return new Fleet(fleet(100).accelerators(), List.of(new Provider(cloud.name(), cloud.tier(), cloud.certifications(),
                List.of(cloud.clusters().get(0), spot), List.of())), List.of(), List.of());
    }

    @Test
    void spotIsChargedForTheWorkItsInterruptionsMakeUsDoAgain() {
        // an hour of work lost per interruption: 50% more spot hours for the same work, $4.50 a useful hour > $4 on demand
        Portfolio risky = new Planner(withSpot(), spec(null, null), days(H100, 1.0, constant(96, 10))).optimise();
        assertThat(risky.costByKind()).containsOnlyKeys(Supply.ON_DEMAND);
        assertThat(risky.estimate()).isCloseTo(96 * 4.0 * 240, within(0.01));
        // 12 minutes lost per interruption: 10% more, $3.30 a useful hour; the redone hours are bought and counted
        Portfolio cheap = new Planner(withSpot(), spec(null, null), days(H100, 0.2, constant(96, 10))).optimise();
        assertThat(cheap.costByKind()).containsOnlyKeys(Supply.SPOT);
        assertThat(cheap.gpuHoursByKind().get(Supply.SPOT)).isCloseTo(96 * 240 * 1.1, within(0.01));
        assertThat(cheap.spotRedoneGpuHours()).isCloseTo(96 * 240 * 0.1, within(0.01));
        assertThat(cheap.estimate()).isCloseTo(96 * 240 * 1.1 * 3.0, within(0.01));
    }

    @Test
    void evaluatingAFixedPortfolioFillsTheRestOnDemand() {
        Planner planner = new Planner(fleet(100), spec(null, null, offer("gpu-cloud", 0, 0)), days(H100, constant(96, 10)));
        Portfolio half = planner.evaluate(Map.of("deal", new int[] {12, 48}));
        assertThat(half.estimate()).isCloseTo(48 * 2.0 * 240 + 48 * 4.0 * 240, within(0.01));
        Portfolio over = planner.evaluate(Map.of("deal", new int[] {12, 128}));
        assertThat(over.choices().get(0).utilization()).isCloseTo(0.75, within(1e-9));
        assertThat(over.estimate()).isCloseTo(128 * 2.0 * 240, within(0.01));
    }
}
