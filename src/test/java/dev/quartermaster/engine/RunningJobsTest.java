package dev.quartermaster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.engine.capacity.PoolState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunningJobsTest {

    @Test
    void keepsTheJobsInTheOrderALinkedHashSetWould() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            jobs.add(new Job("j" + i, TestWorkloads.workload("j" + i).gpus(8).build(), i, 0, new PoolState[0]));
        }
        RunningJobs running = new RunningJobs();
        Set<Job> model = new LinkedHashSet<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int step = 0; step < 3_000; step++) {
            Job job = jobs.get(random.nextInt(jobs.size()));
            if (random.nextInt(3) > 0) {
                assertThat(running.add(job)).isEqualTo(model.add(job));
            } else {
                assertThat(running.remove(job)).isEqualTo(model.remove(job));
            }
            List<Job> walked = new ArrayList<>();
            running.forEach(walked::add);
            assertThat(walked).as("step %d", step).containsExactlyElementsOf(model);
            assertThat(running.size()).isEqualTo(model.size());
        }
        // The job last returned may leave while the walk goes on.
        for (Job job : running) {
            running.remove(job);
        }
        assertThat(running.size()).isZero();
        assertThat(running.iterator().hasNext()).isFalse();
    }
}
