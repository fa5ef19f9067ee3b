package dev.quartermaster.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quartermaster.plan.DemandShare;
import dev.quartermaster.plan.PlanSpec;
import dev.quartermaster.plan.Target;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.WorkloadKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanReaderTest {

    static final Path FILE = Path.of("plan.yaml");

    static PlanSpec read(String demandAndTargets) {
        return PlanReader.read(FILE, "fleet: fleet.yaml\noffers: []\n" + demandAndTargets);
    }

    static List<String> problems(String demandAndTargets) {
        try {
            read(demandAndTargets);
            throw new AssertionError("no problem found in " + demandAndTargets);
        } catch (InvalidDocumentException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
    }

    @Test
    void theExamplePlanSplitsItsDemandBetweenTeamsWithTargetsForEach() {
        PlanSpec plan = PlanReader.read(Path.of("examples/plan.yaml"));
        assertThat(plan.demand().split()).hasSize(3);
        assertThat(plan.demand().split()).anyMatch(s -> s.dataClass() == DataClass.RESTRICTED);
        assertThat(plan.targets()).extracting(Target::team).containsExactlyInAnyOrderElementsOf(plan.demand().teams());
    }

    @Test
    void aSplitIsReadWithKindsAndDataClassesAndTeamIsTheOneShareSplit() {
        PlanSpec plan = read("""
                demand:
                  split:
                    - { team: pretrain, kind: training, share: 0.6 }
                    - { team: research, kind: batch, share: 0.3 }
                    - { team: tuning, kind: fine-tuning, dataClass: restricted, share: 0.1 }
                targets:
                  - { team: tuning, jctP95Hours: 12 }
                """);
        assertThat(plan.demand().split()).containsExactly(new DemandShare("pretrain", WorkloadKind.TRAINING, null, 0.6),
                new DemandShare("research", WorkloadKind.BATCH, null, 0.3),
                new DemandShare("tuning", WorkloadKind.FINE_TUNING, DataClass.RESTRICTED, 0.1));
        assertThat(plan.targets()).containsExactly(new Target("tuning", null, 12.0));
        assertThat(read("demand: { team: planners }").demand().split()).containsExactly(new DemandShare("planners", null, null, 1));
        assertThat(read("demand: { scale: 2 }").demand().split()).isEmpty();
    }

    @Test
    void badSplitsAndTargetsNameTheFieldAndWhatIsAllowed() {
        assertThat(problems("demand: { split: [{ team: a, share: 0.6 }, { team: b, share: 0.3 }] }"))
                .containsExactly("plan.yaml:3:11: demand.split: the shares must add up to 1 (within 0.001), not 0.9");
        assertThat(problems("demand: { team: a, split: [{ team: a, share: 1 }] }")).singleElement().asString()
                .contains("demand.split: give either team (all the demand to one team) or split (shares between teams), not both");
        assertThat(problems("demand: { split: [{ team: a, kind: trainin, share: 1 }] }")).singleElement().asString()
                .contains("demand.split[0].kind: must be one of training, fine-tuning, inference, batch, not 'trainin'");
        assertThat(problems("demand: { split: [{ team: a, dataClass: secret, share: 1 }] }")).singleElement().asString()
                .contains("demand.split[0].dataClass: must be one of public, internal, restricted, not 'secret'");
        assertThat(problems("demand: { split: [{ team: a, share: 0 }, { team: b }] }")).satisfiesExactly(
                p -> assertThat(p).contains("demand.split[0].share: must be a number from 0.001 to 1, not 0"),
                p -> assertThat(p).contains("demand.split[1].share: is required"));
        assertThat(problems("targets: [{ team: a }]")).singleElement().asString()
                .contains("targets[0].waitP95Hours: is required unless jctP95Hours is given");
        assertThatThrownBy(() -> read("demand: { split: { team: a } }")).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("demand.split: must be a list of shares");
    }
}
