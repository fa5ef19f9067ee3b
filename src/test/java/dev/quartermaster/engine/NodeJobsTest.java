package dev.quartermaster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.engine.capacity.PoolState;
import org.junit.jupiter.api.Test;

class NodeJobsTest {

    private int arrivals;

    private Job job() {
        Job job = new Job("j" + arrivals, TestWorkloads.workload("w").build(), arrivals, 0, new PoolState[0]);
        arrivals++;
        return job;
    }

    @Test
    void keepsEachNodesJobsInStartOrderOnceEach() {
        NodeJobs nodes = new NodeJobs(2);
        Job a = job();
        Job b = job();
        Job c = job();
        nodes.add(0, a);
        nodes.add(0, b);
        nodes.add(0, a);   // a second gang of a on the node: once
        nodes.add(0, c);
        nodes.add(1, b);

        assertThat(nodes.on(0)).containsExactly(a, b, c);
        assertThat(nodes.count(0)).isEqualTo(3);
        assertThat(nodes.job(0, 2)).isSameAs(c);
        assertThat(nodes.on(1)).containsExactly(b);

        nodes.remove(0, b);
        assertThat(nodes.on(0)).containsExactly(a, c);
        nodes.remove(0, b);   // no longer there: nothing changes
        assertThat(nodes.on(0)).containsExactly(a, c);
        nodes.remove(0, a);
        nodes.remove(0, c);
        assertThat(nodes.on(0)).isEmpty();
        assertThat(nodes.count(0)).isZero();
    }

    @Test
    void growsForNodesBeyondThePoolsSizeAndForManyJobsOnANode() {
        NodeJobs nodes = new NodeJobs(1);
        Job[] many = new Job[9];
        for (int i = 0; i < many.length; i++) {
            many[i] = job();
            nodes.add(5, many[i]);
        }
        assertThat(nodes.on(5)).containsExactly(many);
        assertThat(nodes.on(3)).isEmpty();
        assertThat(nodes.on(99)).isEmpty();
        assertThat(nodes.count(99)).isZero();
        nodes.remove(99, many[0]);
        assertThat(nodes.on(5)).hasSize(9);
    }
}
