package dev.quartermaster.engine.policy;

import static dev.quartermaster.engine.TestFleets.fleet;
import static dev.quartermaster.engine.TestFleets.quota;
import static dev.quartermaster.engine.TestWorkloads.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.engine.TestWorkloads;
import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.SoftwareStack;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.Topology;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every standard filter, with a row that passes and a row that fails and names what is wrong. */
class FiltersTest {

    /**
     * In-house and certified: dc (us-west) with an H100 pool of 4 nodes x 8 in blocks of 2, dc-small (us-west) with
     * H100 nodes of 4 GPUs, dc-amd (us-west) with MI300X. A hyperscaler, not certified: aws (us-east) with H100.
     */
    static final Fleet FLEET = fleet()
            .provider("own", Tier.IN_HOUSE).certified()
            .cluster("dc", "us-west", "H100", 4, 2, 1.0)
            .cluster("dc-small", "us-west", new NodePool("h100-small", "H100", 4, false, 4, 2, 1.0, Duration.ZERO, null))
            .cluster("dc-amd", "us-west", "MI300X", 4, 4, 1.0)
            .done()
            .provider("cloud", Tier.HYPERSCALER).cluster("aws", "us-east", "H100", 8, 8, 0.5).done()
            .team("a", "H100", 64, "MI300X", 16)
            .team("b", "B200", 8)
            .team("z", null, 1, quota("H100", new Quota(0, 0, 0)))
            .team("borrower", "c", 1, quota("H100", new Quota(0, 16, 0)))
            .build();

    /** One filter, one workload of a team in one pool; {@code reasonParts} empty when the filter lets it through. */
    record Row(String description, Filter filter, TestWorkloads workload, String team, String pool, boolean healthy,
            List<String> reasonParts) {

        @Override
        public String toString() {
            return filter.name() + ": " + description;
        }
    }

    static Row pass(String description, Filter filter, TestWorkloads w, String team, String pool) {
        return new Row(description, filter, w, team, pool, true, List.of());
    }

    static Row fail(String description, Filter filter, TestWorkloads w, String team, String pool, String... reasonParts) {
        return new Row(description, filter, w, team, pool, true, List.of(reasonParts));
    }

    static TestWorkloads job() {
        return workload("j").team("a");
    }

    static List<Row> rows() {
        return List.of(
                // accelerator
                pass("H100 job on an H100 pool", Filters.ACCELERATOR, job(), "a", "dc/h100"),
                pass("job that also accepts MI300X on an MI300X pool", Filters.ACCELERATOR,
                        job().on("H100", 1.0, "MI300X", 1.2), "a", "dc-amd/mi300x"),
                fail("H100-only job on an MI300X pool", Filters.ACCELERATOR, job(), "a", "dc-amd/mi300x",
                        "MI300X is not among the workload's accelerators [H100]"),
                // runtime
                pass("no runtime required: any stack will do", Filters.RUNTIME, job().on("H100", 1.0, "MI300X", 1.2),
                        "a", "dc-amd/mi300x"),
                pass("CUDA job on CUDA H100", Filters.RUNTIME, job().runtime(SoftwareStack.CUDA), "a", "dc/h100"),
                pass("ROCm job on ROCm MI300X", Filters.RUNTIME, job().on("MI300X", 1.0).runtime(SoftwareStack.ROCM),
                        "a", "dc-amd/mi300x"),
                fail("CUDA job on ROCm MI300X", Filters.RUNTIME,
                        job().on("H100", 1.0, "MI300X", 1.2).runtime(SoftwareStack.CUDA), "a", "dc-amd/mi300x",
                        "MI300X runs rocm, the workload needs cuda"),
                // data class
                fail("restricted data at an uncertified hyperscaler", Filters.DATA_CLASS, job().restricted(), "a",
                        "aws/h100", "restricted data may not run at cloud, which is not certified for it"),
                pass("restricted data at a certified in-house provider", Filters.DATA_CLASS, job().restricted(), "a",
                        "dc/h100"),
                pass("internal data at an uncertified provider", Filters.DATA_CLASS, job(), "a", "aws/h100"),
                // region
                fail("region not listed", Filters.REGION, job().regions("eu-west", "us-east"), "a", "dc/h100",
                        "region us-west is not among [eu-west, us-east]"),
                pass("region listed", Filters.REGION, job().regions("us-east", "us-west"), "a", "dc/h100"),
                pass("no regions listed: anywhere", Filters.REGION, job(), "a", "aws/h100"),
                // quota
                pass("team with H100 quota", Filters.QUOTA, job(), "a", "dc/h100"),
                pass("nominal 0 but may borrow 16", Filters.QUOTA, job().team("borrower"), "borrower", "dc/h100"),
                fail("team with quota for another type only", Filters.QUOTA, job().team("b"), "b", "dc/h100",
                        "team b has no H100 quota"),
                fail("team with a zero H100 quota and no borrowing", Filters.QUOTA, job().team("z"), "z", "dc/h100",
                        "team z has no H100 quota"),
                fail("team unknown to the fleet", Filters.QUOTA, job().team("ghost"), null, "dc/h100",
                        "team ghost has no H100 quota"),
                // shape
                pass("node gang of 4 on 4-GPU nodes", Filters.SHAPE, job().gpus(4), "a", "dc-small/h100-small"),
                fail("node gang of 8 on 4-GPU nodes: the node is too small", Filters.SHAPE, job().gpus(8), "a",
                        "dc-small/h100-small", "nodes have 4 GPUs, the workload needs 8 per node"),
                fail("4 nodes x 8 on 4-GPU nodes, block topology", Filters.SHAPE,
                        job().gpus(32, 8).topology(Topology.BLOCK), "a", "dc-small/h100-small",
                        "nodes have 4 GPUs, the workload needs 8 per node"),
                pass("block gang of 2 nodes in blocks of 2", Filters.SHAPE, job().gpus(16).topology(Topology.BLOCK),
                        "a", "dc/h100"),
                fail("block gang of 4 nodes in blocks of 2", Filters.SHAPE, job().gpus(32).topology(Topology.BLOCK),
                        "a", "dc/h100", "its largest block holds 16 of the gang's 32 GPUs"),
                fail("block gang of 4 nodes x 4 GPUs in blocks of 2", Filters.SHAPE,
                        job().gpus(16, 4).topology(Topology.BLOCK), "a", "dc/h100",
                        "its largest block holds 8 of the gang's 16 GPUs"),
                pass("cluster gang of the whole pool", Filters.SHAPE, job().gpus(32).topology(Topology.CLUSTER), "a",
                        "dc/h100"),
                fail("cluster gang larger than the pool", Filters.SHAPE, job().gpus(64).topology(Topology.CLUSTER),
                        "a", "dc/h100", "its largest cluster holds 32 of the gang's 64 GPUs"),
                // health
                pass("healthy cluster", Filters.HEALTH, job(), "a", "dc/h100"),
                new Row("unhealthy cluster", Filters.HEALTH, job(), "a", "dc/h100", false,
                        List.of("cluster dc is unhealthy")));
    }

    static Filter.Input input(TestWorkloads w, String team, String pool, boolean healthy) {
        Site site = FLEET.site(PoolRef.parse("pool", pool)).orElseThrow();
        Accelerator accelerator = FLEET.accelerator(site.pool().accelerator()).orElseThrow();
        Team t = team == null ? null : FLEET.team(team).orElseThrow();
        return new Filter.Input(w.build(), t, site, accelerator, healthy);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rejectsWithAReasonThatNamesWhatIsWrong(Row row) {
        String reason = row.filter().reject(input(row.workload(), row.team(), row.pool(), row.healthy()));
        if (row.reasonParts().isEmpty()) {
            assertThat(reason).as(row.description()).isNull();
        } else {
            assertThat(reason).as(row.description()).isNotNull();
            for (String part : row.reasonParts()) {
                assertThat(reason).as(row.description()).contains(part);
            }
        }
    }

    @Test
    void everyStandardFilterHasAPassingAndAFailingRow() {
        Set<String> passing = new HashSet<>();
        Set<String> failing = new HashSet<>();
        for (Row row : rows()) {
            (row.reasonParts().isEmpty() ? passing : failing).add(row.filter().name());
        }
        List<String> names = Filters.STANDARD.stream().map(Filter::name).toList();
        assertThat(passing).containsAll(names);
        assertThat(failing).containsAll(names);
    }

    @Test
    void standardFiltersInReadingOrderWithUniqueNames() {
        assertThat(Filters.STANDARD).containsExactly(Filters.ACCELERATOR, Filters.RUNTIME, Filters.DATA_CLASS,
                Filters.REGION, Filters.QUOTA, Filters.SHAPE, Filters.HEALTH);
        assertThat(Filters.STANDARD.stream().map(Filter::name))
                .containsExactly("accelerator", "runtime", "data-class", "region", "quota", "shape", "health");
    }

    static Stream<Arguments> staticness() {
        return Filters.STANDARD.stream().map(f -> Arguments.of(f.name(), f, f != Filters.HEALTH));
    }

    @ParameterizedTest(name = "{0} static: {2}")
    @MethodSource("staticness")
    void onlyHealthIsNotStatic(String name, Filter filter, boolean expectedStatic) {
        assertThat(filter.isStatic()).isEqualTo(expectedStatic);
    }

    @Test
    void aPlainJobPassesEveryFilterInItsTeamsPool() {
        Filter.Input in = input(job(), "a", "dc/h100", true);
        for (Filter f : Filters.STANDARD) {
            assertThat(f.reject(in)).as(f.name()).isNull();
        }
    }
}
