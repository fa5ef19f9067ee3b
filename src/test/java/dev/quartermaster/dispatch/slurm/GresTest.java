package dev.quartermaster.dispatch.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GresTest {

    @Test
    void typedCountedAndInUseGresAreRead() {
        assertThat(Gres.type("gpu:h100:4")).isEqualTo("H100");
        assertThat(Gres.count("gpu:h100:4")).isEqualTo(4);
        assertThat(Gres.count("gpu:h100:2(IDX:0-1)")).isEqualTo(2);
        assertThat(Gres.count("gpu:h100:0(IDX:N/A)")).isZero();
        assertThat(Gres.count("gpu:a100:2,gpu:h100:4")).isEqualTo(6);
        assertThat(Gres.type("gpu:8")).isEmpty();
        assertThat(Gres.count("gpu:8")).isEqualTo(8);
        assertThat(Gres.count("")).isZero();
        assertThat(Gres.count(null)).isZero();
    }

    @Test
    void aJobsEndingSaysWhetherTheWorkFailedOrItsRunWasLost() {
        assertThat(job("COMPLETED").ending()).isEqualTo(SlurmJob.Ending.SUCCEEDED);
        for (String lost : new String[] {"NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE"}) {
            assertThat(job(lost).ending()).as(lost).isEqualTo(SlurmJob.Ending.LOST);
        }
        for (String failed : new String[] {"FAILED", "TIMEOUT", "OUT_OF_MEMORY", "CANCELLED"}) {
            assertThat(job(failed).ending()).as(failed).isEqualTo(SlurmJob.Ending.FAILED);
        }
        assertThat(job("RUNNING").isFinal()).isFalse();
        assertThat(job("NODE_FAIL").isFinal()).isTrue();
    }

    private static SlurmJob job(String state) {
        return new SlurmJob(1, "qm-w", state, null, "qm:w:1", null, null, 0);
    }
}
