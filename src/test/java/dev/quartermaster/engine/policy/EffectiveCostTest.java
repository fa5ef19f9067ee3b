package dev.quartermaster.engine.policy;

import static dev.quartermaster.engine.TestFleets.fleet;
import static dev.quartermaster.engine.TestFleets.onDemand;
import static dev.quartermaster.engine.TestFleets.spot;
import static dev.quartermaster.engine.TestWorkloads.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quartermaster.engine.TestWorkloads;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.PriceBasis;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Effective cost per reference GPU-hour, each row's parts worked out by hand in its comment. */
class EffectiveCostTest {

    /**
     * dc/h100: owned H100, $1.00, fixed. dc/b200: owned B200, $4.40, fixed. neo/b200: specialized B200 under
     * contract, $3.00, fixed. aws/h100-od: on-demand H100, $4.00, 30 min to provision. aws/b200-od: on-demand
     * B200, $6.60, 30 min. aws/h100-spot: spot H100, $1.50, 0.05 interruptions an hour, 10 min to provision.
     * aws/b200-spot: spot B200, $3.30, 0.1 interruptions an hour, 10 min.
     */
    static final Fleet FLEET = fleet()
            .provider("own", Tier.IN_HOUSE).cluster("dc", "us-west", "H100", 4, 4, 1.0)
            .cluster("dc2", "us-west", "B200", 4, 4, 4.4).done()
            .provider("neo", Tier.SPECIALIZED).cluster("neo", "eu-north", "B200", 4, 4, 3.0)
            .contract("neo-b200", "neo/b200", 32, 3.0).done()
            .provider("cloud", Tier.HYPERSCALER).cluster("aws", "us-east",
                    onDemand("h100-od", "H100", 16, 4.0, 30),
                    onDemand("b200-od", "B200", 16, 6.6, 30),
                    spot("h100-spot", "H100", 16, 1.5, 0.05),
                    spot("b200-spot", "B200", 16, 3.3, 0.1)).done()
            .team("a", "H100", 64, "B200", 64)
            .build();

    static final double TENTH_OF_A_CENT = 1e-9;

    record Row(String description, String pool, Workload workload, double marginalPrice, PriceBasis basis,
            double price, double provisioning, double spotRisk) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Row row(String description, String pool, TestWorkloads w, double marginalPrice, PriceBasis basis,
            double price, double provisioning, double spotRisk) {
        return new Row(description, pool, w.build(), marginalPrice, basis, price, provisioning, spotRisk);
    }

    /** A 10-hour job (at speed 1.0) of 8 GPUs that runs on H100 or on B200 at 2.2x. */
    static TestWorkloads tenHours(int priority) {
        return workload("j").on("H100", 1.0, "B200", 2.2).hours(10).priority(priority);
    }

    static List<Row> rows() {
        return List.of(
                // Idle committed capacity is paid anyway: 0 / 2.2 = 0; a fixed pool has no provisioning; no spot.
                row("idle committed B200", "neo/b200", tenHours(Priority.NORMAL), 0, PriceBasis.COMMITTED, 0, 0, 0),
                // Owned H100: 1.00 / 1.0 = 1.00.
                row("owned H100", "dc/h100", tenHours(Priority.NORMAL), 1.0, PriceBasis.OWNED, 1.0, 0, 0),
                // Owned B200 at 2.2x: 4.40 / 2.2 = 2.00.
                row("owned B200: the faster accelerator divides the price", "dc2/b200", tenHours(Priority.NORMAL), 4.4,
                        PriceBasis.OWNED, 2.0, 0, 0),
                // On-demand H100, 0.5 h to provision, 10 h run. provisioning = 0.5 h x value / 10 h / 1.0:
                // low 0.5 x 0.5 / 10 = 0.025
                row("on-demand, low priority", "aws/h100-od", tenHours(Priority.LOW), 4.0, PriceBasis.ON_DEMAND,
                        4.0, 0.025, 0),
                // normal 0.5 x 2 / 10 = 0.1
                row("on-demand, normal priority", "aws/h100-od", tenHours(Priority.NORMAL), 4.0, PriceBasis.ON_DEMAND,
                        4.0, 0.1, 0),
                // high 0.5 x 8 / 10 = 0.4
                row("on-demand, high priority", "aws/h100-od", tenHours(Priority.HIGH), 4.0, PriceBasis.ON_DEMAND,
                        4.0, 0.4, 0),
                // critical 0.5 x 30 / 10 = 1.5
                row("on-demand, critical priority", "aws/h100-od", tenHours(Priority.CRITICAL), 4.0,
                        PriceBasis.ON_DEMAND, 4.0, 1.5, 0),
                // Priority 0 is low too: 0.5 x 0.5 / 10 = 0.025
                row("on-demand, priority 0", "aws/h100-od", tenHours(0), 4.0, PriceBasis.ON_DEMAND, 4.0, 0.025, 0),
                // On-demand B200: price 6.60 / 2.2 = 3.00; the run takes 10 / 2.2 h, so
                // provisioning = 0.5 x 2 / (10 / 2.2) / 2.2 = 0.1 (per reference GPU-hour it does not depend on speed).
                row("on-demand B200, normal priority", "aws/b200-od", tenHours(Priority.NORMAL), 6.6,
                        PriceBasis.ON_DEMAND, 3.0, 0.1, 0),
                // A 15-minute job waits 30 min: 0.5 x 2 / 0.25 = 4.0.
                row("short job on on-demand", "aws/h100-od", workload("j").hours(0.25), 4.0, PriceBasis.ON_DEMAND,
                        4.0, 4.0, 0),
                // A 30-second job is priced as one minute: 0.5 x 2 / (1/60) = 60.
                row("job under a minute counts as a minute", "aws/h100-od", workload("j").hours(30 / 3600.0), 4.0,
                        PriceBasis.ON_DEMAND, 4.0, 60, 0),
                // GPU-hours measured on B200: 40 GPU-h / 8 GPUs x 2.2 = 11 h at speed 1.0, 11 h on H100:
                // provisioning 0.5 x 2 / 11 = 0.090909...
                new Row("work in GPU-hours measured on B200, run on H100", "aws/h100-od",
                        gpuHours(40, "B200"), 4.0, PriceBasis.ON_DEMAND, 4.0, 1.0 / 11, 0),
                // Spot H100, 10 h, no checkpoints, normal: price 1.5; provisioning (1/6 h) x 2 / 10 = 0.0333...;
                // spot risk 0.05/h x (10 / 2) h lost x (1.5 + 2) = 0.875.
                row("spot without checkpoints", "aws/h100-spot", tenHours(Priority.NORMAL), 1.5, PriceBasis.SPOT,
                        1.5, 1.0 / 30, 0.875),
                // Checkpoints every 30 min: lost min(10, 0.5) / 2 = 0.25 h; 0.05 x 0.25 x 3.5 = 0.04375.
                row("spot with checkpoints every 30 min", "aws/h100-spot",
                        tenHours(Priority.NORMAL).checkpointEvery(Duration.ofMinutes(30)), 1.5, PriceBasis.SPOT,
                        1.5, 1.0 / 30, 0.04375),
                // Critical work is worth more: provisioning (1/6) x 30 / 10 = 0.5; risk 0.05 x 0.25 x (1.5 + 30) =
                // 0.39375.
                row("spot with checkpoints, critical priority", "aws/h100-spot",
                        tenHours(Priority.CRITICAL).checkpointEvery(Duration.ofMinutes(30)), 1.5, PriceBasis.SPOT,
                        1.5, 0.5, 0.39375),
                // A 1 h job checkpointing every 2 h loses half the run: min(1, 2) / 2 = 0.5 h; 0.05 x 0.5 x 3.5 =
                // 0.0875; provisioning (1/6) x 2 / 1 = 0.333...
                row("spot, checkpoint interval longer than the run", "aws/h100-spot",
                        workload("j").hours(1).checkpointEvery(Duration.ofHours(2)), 1.5, PriceBasis.SPOT,
                        1.5, 1.0 / 3, 0.0875),
                // Spot B200 at 2.2x, 10 h reference = 10/2.2 h: price 3.3 / 2.2 = 1.5; provisioning
                // (1/6) x 2 / (10/2.2) / 2.2 = 1/30; the run takes 10/2.2 = 4.5454 h and loses half of it, so
                // risk = 0.1 x 2.272727 h x (3.3 + 2) / 2.2 = 0.547520...
                row("spot B200 without checkpoints", "aws/b200-spot", tenHours(Priority.NORMAL), 3.3, PriceBasis.SPOT,
                        1.5, 1.0 / 30, 0.1 * (10 / 2.2 / 2) * 5.3 / 2.2),
                // A service without work is priced over 24 h: on-demand, normal: 0.5 x 2 / 24 = 0.041666...
                row("service on on-demand", "aws/h100-od", workload("svc").service(), 4.0, PriceBasis.ON_DEMAND,
                        4.0, 1.0 / 24, 0),
                // On B200 at 2.2x: price 6.6 / 2.2 = 3; provisioning 0.5 x 2 / 24 / 2.2 = 0.018939...
                row("service on on-demand B200", "aws/b200-od", workload("svc").service().on("H100", 1.0, "B200", 2.2),
                        6.6, PriceBasis.ON_DEMAND, 3.0, 1.0 / 24 / 2.2, 0),
                // Service on spot without checkpoints loses half of 24 h: 0.05 x 12 x 3.5 = 2.1;
                // provisioning (1/6) x 2 / 24 = 0.013888...
                row("service on spot", "aws/h100-spot", workload("svc").service(), 1.5, PriceBasis.SPOT,
                        1.5, 1.0 / 72, 2.1),
                // Service on spot checkpointing hourly: 0.05 x 0.5 x 3.5 = 0.0875.
                row("service on spot with hourly checkpoints", "aws/h100-spot",
                        workload("svc").service().checkpointEvery(Duration.ofHours(1)), 1.5, PriceBasis.SPOT,
                        1.5, 1.0 / 72, 0.0875));
    }

    @org.junit.jupiter.api.Test
    void provisioningIsSpreadOverTheOffersRunHours() {
        // 10 hours of work on a B200 at 2.2x: 4.545... hours, as the offer works out from the workload.
        Offer derived = offer("aws/b200-od", workload("j").on("H100", 1.0, "B200", 2.2).hours(10).build(), 6.6,
                PriceBasis.ON_DEMAND);
        assertThat(derived.runHours()).isCloseTo(10 / 2.2, within(1e-12));
        // Told 1 hour instead, the 30 minutes of provisioning weigh 4.545... times as much per hour of work.
        Offer told = new Offer(derived.workload(), derived.site(), null, derived.speed(), 6.6, PriceBasis.ON_DEMAND, 0, 0,
                1, 1.0);
        double ratio = EffectiveCost.of(told, ValueOfTime.DEFAULT).provisioning()
                / EffectiveCost.of(derived, ValueOfTime.DEFAULT).provisioning();
        assertThat(ratio).isCloseTo(10 / 2.2, within(1e-9));
        assertThat(Offer.runHours(5, 0)).isInfinite();
    }

    static Workload gpuHours(double gpuHours, String on) {
        return new Workload("j", "a", WorkloadKind.TRAINING, Priority.NORMAL, DataClass.INTERNAL, 8, 8,
                Map.of("H100", 1.0, "B200", 2.2), null, Topology.NODE, new Work.GpuHours(gpuHours, on), null, List.of(),
                1, null, null);
    }

    static Offer offer(String pool, Workload w, double marginalPrice, PriceBasis basis) {
        Site site = FLEET.site(PoolRef.parse("pool", pool)).orElseThrow();
        return new Offer(w, site, null, w.speedOn(site.pool().accelerator()), marginalPrice, basis, 0, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void partsAsComputedByHand(Row row) {
        EffectiveCost cost = EffectiveCost.of(offer(row.pool(), row.workload(), row.marginalPrice(), row.basis()),
                ValueOfTime.DEFAULT);
        assertThat(cost.price()).as("price").isCloseTo(row.price(), within(TENTH_OF_A_CENT));
        assertThat(cost.provisioning()).as("provisioning").isCloseTo(row.provisioning(), within(TENTH_OF_A_CENT));
        assertThat(cost.spotRisk()).as("spot risk").isCloseTo(row.spotRisk(), within(TENTH_OF_A_CENT));
        assertThat(cost.total()).as("total")
                .isCloseTo(row.price() + row.provisioning() + row.spotRisk(), within(TENTH_OF_A_CENT));
    }

    @ParameterizedTest(name = "priority {0} -> ${1}")
    @CsvSource({
        "0, 0.5", "100, 0.5", "499, 0.5", "500, 2", "999, 2", "1000, 8", "9999, 8", "10000, 30", "1000000, 30"})
    void defaultValueOfTimeByPriority(int priority, double perGpuHour) {
        assertThat(ValueOfTime.DEFAULT.perGpuHour(priority)).isEqualTo(perGpuHour);
    }

    @ParameterizedTest(name = "priority {0}")
    @CsvSource({"100, 1", "500, 2", "1000, 3", "10000, 4"})
    void aCustomValueOfTimeIsUsed(int priority, double value) {
        // On-demand H100, 0.5 h to provision, 10 h run: provisioning = 0.5 x value / 10.
        ValueOfTime custom = new ValueOfTime(1, 2, 3, 4);
        EffectiveCost cost = EffectiveCost.of(offer("aws/h100-od", tenHours(priority).build(), 4.0,
                PriceBasis.ON_DEMAND), custom);
        assertThat(cost.provisioning()).isCloseTo(0.5 * value / 10, within(TENTH_OF_A_CENT));
    }
}
