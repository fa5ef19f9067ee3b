package dev.quartermaster.engine;

import static dev.quartermaster.engine.TestFleets.fleet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Topology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link CheapestRoom} chooses the victims that make room for a one-replica gang. */
class CheapestRoomTest {

    /**
     * A service's replicas can share a node: both replicas of "two" (1 GPU each) run beside "big" (6 GPUs, not
     * preemptible) on node 0, which therefore can never free more than 2 GPUs. Nodes 1-4 each run eight one-GPU jobs;
     * at 100 minutes node n's jobs lose 8(n-1)+1, ..., 8(n-1)+8 GPU-minutes. A gang of 4 nodes x 4 GPUs needs the four
     * cheapest jobs of each of nodes 1-4: 16 victims. Counting "two" once per replica made node 0 look like room for 4
     * GPUs (and the cheapest room, "two" losing nothing); that room was not there, so the preemptor fell back to the
     * cheapest prefix of the victim order (29 jobs), and pruning, which tries at most 16, left 4 jobs of node 1 stopped
     * for nothing.
     */
    @Test
    void aVictimWithSeveralReplicasOnOneNodeFreesItsGpusThereOnce() {
        Harness h = new Harness(fleet().provider("own", Tier.IN_HOUSE).cluster("dc", "us-west", "H100", 5, 5, 1.0).done()
                .team("a", "H100", 1_000).build());
        h.submit(TestWorkloads.workload("big").gpus(6).priority(Priority.HIGH).hours(10));
        h.submit(TestWorkloads.workload("two").service().gpus(1).replicas(2).priority(Priority.LOW)
                .checkpointEvery(Duration.ofMinutes(100)));
        for (int i = 0; i < 32; i++) {
            int lostMinutes = i + 1;   // at 100 minutes, a job checkpointing every 100 - L minutes last saved L ago
            h.submit(TestWorkloads.workload("one" + i).gpus(1).priority(Priority.LOW).hours(10)
                    .checkpointEvery(Duration.ofMinutes(100 - lostMinutes)));
        }
        h.tick();
        assertThat(h.engine.placements("two")).extracting(Placement::nodes).containsOnly(List.of(0));
        for (int i = 0; i < 32; i++) {
            assertThat(h.placement("one" + i).nodes()).containsExactly(1 + i / 8);
        }
        h.after(Duration.ofMinutes(100));
        h.submit(TestWorkloads.workload("gang").gpus(16, 4).topology(Topology.CLUSTER).priority(Priority.CRITICAL)).tick();

        assertThat(h.placement("gang").nodes()).containsExactly(1, 2, 3, 4);
        List<String> cheapestFourPerNode = java.util.stream.IntStream.range(0, 32).filter(i -> i % 8 < 4)
                .mapToObj(i -> "one" + i).toList();
        assertThat(h.decisionsOf(Decision.Preempt.class)).extracting(Decision.Preempt::id)
                .containsExactlyInAnyOrderElementsOf(cheapestFourPerNode);
        assertThat(h.state("two")).isEqualTo(WorkloadState.RUNNING);
    }
}
