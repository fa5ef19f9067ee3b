package dev.quartermaster.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.format.Loader.Loaded;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad fleet and workload documents, one per row: each names the field path, the line and a fragment of the message
 * (what is allowed) of the problem a person should see. Most documents are a small edit of {@link #FLEET} or
 * {@link #WORKLOAD}, both valid; the line numbers in the rows are those of the edited text.
 */
class BadDocumentsTest {

    /** A minimal valid fleet. Lines: pool h100 at 12-17, pool mi300x at 24-28, contract deal at 30-35, team at 37-41. */
    static final String FLEET = """
            accelerators:
              - { name: H100, vendor: nvidia, runtime: cuda, memoryGiB: 80 }
              - { name: MI300X, vendor: amd, runtime: rocm, memoryGiB: 192 }
            providers:
              - name: own-dc
                tier: in-house
                certifications: [restricted-data]
                clusters:
                  - name: dc-1
                    region: us-west
                    pools:
                      - name: h100
                        accelerator: H100
                        nodes: 16
                        gpusPerNode: 8
                        blockNodes: 8
                        costPerGpuHour: 1.10
              - name: cloud
                tier: specialized
                clusters:
                  - name: cloud-1
                    region: eu-north
                    pools:
                      - name: mi300x
                        accelerator: MI300X
                        nodes: 32
                        gpusPerNode: 4
                        pricePerGpuHour: 3.00
                contracts:
                  - name: deal
                    pool: cloud-1/mi300x
                    gpus: 64
                    start: 2026-01-01
                    end: 2026-12-31
                    pricePerGpuHour: 2.00
            teams:
              - name: research
                cohort: science
                quota:
                  H100: 128
                  MI300X: { nominal: 96, lendingLimit: 32 }
            """;

    /** A minimal valid training job for the example fleet (examples/fleet.yaml). */
    static final String WORKLOAD = """
            name: job
            team: pretrain
            kind: training
            gpus: 64
            accelerators: { H100: 1.0 }
            work: { gpuHours: 1000, on: H100 }
            """;

    static final String POOL = "providers[0].clusters[0].pools[0].";
    static final String CONTRACT = "providers[1].contracts[0].";

    static Fleet exampleFleet;

    @BeforeAll
    static void loadExampleFleet() {
        exampleFleet = Loader.fleet(Path.of("examples/fleet.yaml"));
    }

    /** One bad document and the problem it must report; {@code problems} is how many it reports in all. */
    record Case(String title, String file, String text, boolean workload, String path, int line, String says, int problems) {

        Case named(String newFile) {
            return new Case(title, newFile, text, workload, path, line, says, problems);
        }

        Case problems(int count) {
            return new Case(title, file, text, workload, path, line, says, count);
        }

        @Override
        public String toString() {
            return title;
        }
    }

    static Case fleet(String title, String text, String path, int line, String says) {
        return new Case(title, "fleet.yaml", text, false, path, line, says, 1);
    }

    static Case workload(String title, String text, String path, int line, String says) {
        return new Case(title, "job.yaml", text, true, path, line, says, 1);
    }

    /** {@code base} with {@code old}, which must occur exactly once, replaced. */
    static String with(String base, String old, String replacement) {
        int at = base.indexOf(old);
        if (at < 0 || base.indexOf(old, at + 1) >= 0) {
            throw new IllegalArgumentException("'" + old + "' must occur exactly once");
        }
        return base.substring(0, at) + replacement + base.substring(at + old.length());
    }

    /** {@code base} with {@code line} inserted after the one line holding {@code anchor}, indented the same. */
    static String withLineAfter(String base, String anchor, String line) {
        String whole = lineHolding(base, anchor);
        String indent = whole.substring(0, whole.length() - whole.stripLeading().length());
        return with(base, whole, whole + indent + line + "\n");
    }

    /** {@code base} without the one line holding {@code part}. */
    static String without(String base, String part) {
        return with(base, lineHolding(base, part), "");
    }

    /** The line of {@code text} that holds {@code part}, with its newline. */
    static String lineHolding(String text, String part) {
        int at = text.indexOf(part);
        if (at < 0) {
            throw new IllegalArgumentException("no line holds '" + part + "'");
        }
        return text.substring(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at) + 1);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // Syntax: the text is not YAML or JSON at all, or there is nothing in it.
                fleet("malformed YAML: unclosed flow mapping",
                        with(FLEET, "memoryGiB: 80 }", "memoryGiB: 80"), "", 3, "expected ',' or '}'"),
                fleet("malformed JSON: ] missing", """
                        { "accelerators": [ }
                        """, "", 1, "expected ']'").named("fleet.json"),
                fleet("malformed JSON: cut off", """
                        {
                          "accelerators": [],
                          "providers": [
                        """, "", 4, "is not valid JSON: Unexpected end-of-input").named("fleet.json"),
                fleet("empty YAML document", "", "", 1, "is empty; expected a YAML document"),
                fleet("blank JSON document", "  \n\n", "", 1, "is empty; expected a JSON document").named("fleet.json"),
                fleet("fleet document followed by another", FLEET + "---\n" + FLEET, "", 1,
                        "a fleet document must be alone in its file").problems(2),

                // A value of the wrong type.
                fleet("memoryGiB as text", with(FLEET, "memoryGiB: 80", "memoryGiB: 80GB"),
                        "accelerators[0].memoryGiB", 2, "must be an integer from 1 to 4096, not the text '80GB'"),
                fleet("memoryGiB with a fraction", with(FLEET, "memoryGiB: 80", "memoryGiB: 80.5"),
                        "accelerators[0].memoryGiB", 2, "must be an integer from 1 to 4096, not 80.5"),
                fleet("accelerators not a list", """
                        accelerators: H100
                        providers: []
                        """, "accelerators", 1, "must be a list of accelerator types, not the text 'H100'"),
                fleet("pool name with a space", with(FLEET, "name: h100", "name: h100 pool"),
                        POOL + "name", 12, "must be 1 to 63 letters, digits, '.', '_' or '-'"),

                // Sizes out of range.
                fleet("pool gpusPerNode 0", with(FLEET, "gpusPerNode: 8", "gpusPerNode: 0"),
                        POOL + "gpusPerNode", 15, "must be an integer from 1 to 64, not 0"),
                fleet("pool gpusPerNode 1000", with(FLEET, "gpusPerNode: 8", "gpusPerNode: 1000"),
                        POOL + "gpusPerNode", 15, "must be an integer from 1 to 64, not 1000"),
                fleet("pool nodes -5", with(FLEET, "nodes: 16", "nodes: -5"),
                        POOL + "nodes", 14, "must be an integer from 1 to 100000, not -5"),
                fleet("pool blockNodes larger than the pool", with(FLEET, "blockNodes: 8", "blockNodes: 32"),
                        POOL + "blockNodes", 16, "must be at most the pool's 16 nodes, not 32"),
                fleet("negative price", with(FLEET, "pricePerGpuHour: 3.00", "pricePerGpuHour: -3.00"),
                        "providers[1].clusters[0].pools[0].pricePerGpuHour", 28, "must be a number from 0 to 1000, not -3"),
                fleet("spot interruptions per hour 20",
                        withLineAfter(FLEET, "costPerGpuHour: 1.10", "spot: { interruptionsPerHour: 20 }"),
                        POOL + "spot.interruptionsPerHour", 18, "must be a number from 0 to 10, not 20"),
                fleet("empty pool list", with(FLEET, """
                                pools:
                                  - name: h100
                                    accelerator: H100
                                    nodes: 16
                                    gpusPerNode: 8
                                    blockNodes: 8
                                    costPerGpuHour: 1.10
                        """, """
                                pools: []
                        """), "providers[0].clusters[0].pools", 11, "must list at least one node pool"),

                // Unknown fields, with a "did you mean" when one is close.
                fleet("pool field misspelt", with(FLEET, "blockNodes: 8", "blockNode: 8"),
                        POOL + "blockNode", 16, "unknown field 'blockNode' (did you mean 'blockNodes'?); allowed here: name,"),
                fleet("required field misspelt", with(FLEET, "gpusPerNode: 8", "gpuPerNode: 8"),
                        POOL + "gpuPerNode", 15, "(did you mean 'gpusPerNode'?)").problems(2),
                // A field whose value is a list or an object is reported at its key.
                fleet("top-level field misspelt", with(FLEET, "teams:", "team:"),
                        "team", 36, "unknown field 'team' (did you mean 'teams'?)"),

                // Unknown enum values.
                fleet("unknown tier", with(FLEET, "tier: in-house", "tier: on-prem"),
                        "providers[0].tier", 6, "must be one of in-house, specialized, hyperscaler, not 'on-prem'"),
                fleet("misspelt tier", with(FLEET, "tier: specialized", "tier: specialised"),
                        "providers[1].tier", 19, "(did you mean 'specialized'?)"),
                fleet("unknown accelerator runtime", with(FLEET, "runtime: rocm", "runtime: opencl"),
                        "accelerators[1].runtime", 3, "must be one of cuda, rocm, in-house, not 'opencl'"),
                fleet("unknown workload kind in a tier preference",
                        FLEET + "tierPreferences:\n  - { kind: serving, tiers: [hyperscaler] }\n",
                        "tierPreferences[0].kind", 43, "must be one of training, fine-tuning, inference, batch, not 'serving'"),
                fleet("unknown data class in a tier preference",
                        FLEET + "tierPreferences:\n  - { kind: training, dataClass: secret, tiers: [in-house] }\n",
                        "tierPreferences[0].dataClass", 43, "must be one of public, internal, restricted, not 'secret'"),
                fleet("tier preference repeating a tier",
                        FLEET + "tierPreferences:\n  - { kind: batch, tiers: [in-house, in-house] }\n",
                        "tierPreferences[0].tiers", 43, "must list tiers without repeats"),

                // Missing required fields: reported at the object that lacks them.
                fleet("cluster without region", without(FLEET, "region: us-west"),
                        "providers[0].clusters[0].region", 9, "is required: 1 to 63 letters"),
                fleet("contract without price", without(FLEET, "pricePerGpuHour: 2.00"),
                        CONTRACT + "pricePerGpuHour", 30, "is required: a number from 0.01 to 1000"),
                fleet("fleet without providers", """
                        accelerators:
                          - { name: H100, vendor: nvidia, runtime: cuda, memoryGiB: 80 }
                        teams: []
                        """, "providers", 1, "is required"),

                // Names that must be unique.
                fleet("accelerator named twice", with(FLEET, "name: MI300X", "name: H100"),
                        "accelerators[1].name", 3, "'H100' is used twice; names must be unique in accelerators"),
                fleet("pool named twice in a cluster", with(FLEET, "costPerGpuHour: 1.10\n",
                                "costPerGpuHour: 1.10\n          - { name: h100, accelerator: H100, nodes: 4, gpusPerNode: 8, costPerGpuHour: 1.00 }\n"),
                        "providers[0].clusters[0].pools[1].name", 18, "'h100' is used twice; names must be unique in providers[0].clusters[0].pools"),
                fleet("cluster name used by two providers", with(FLEET, "name: dc-1", "name: cloud-1"),
                        "providers[1].clusters[0].name", 21, "'cloud-1' is already a cluster of provider own-dc; cluster names are unique"),
                fleet("repeated key in YAML", withLineAfter(FLEET, "nodes: 16", "nodes: 17"),
                        POOL + "nodes", 15, "is given twice; a field may appear once in an object"),
                fleet("repeated key in JSON", """
                        {
                          "accelerators": [],
                          "providers": [],
                          "providers": []
                        }
                        """, "providers", 4, "is given twice").named("fleet.json"),

                // References between the parts of a fleet.
                fleet("pool of an unknown accelerator", with(FLEET, "accelerator: H100", "accelerator: A100"),
                        POOL + "accelerator", 13, "'A100' is not a known accelerator (did you mean 'H100'?); known: H100, MI300X"),
                fleet("contract on an unknown pool", with(FLEET, "pool: cloud-1/mi300x", "pool: cloud-1/mi300"),
                        CONTRACT + "pool", 31, "is not a known pool of provider cloud (did you mean 'cloud-1/mi300x'?)"),
                fleet("contract on a pool of another provider", with(FLEET, "pool: cloud-1/mi300x", "pool: dc-1/h100"),
                        CONTRACT + "pool", 31, "'dc-1/h100' is not a known pool of provider cloud; known: cloud-1/mi300x"),
                fleet("contract pool without a cluster", with(FLEET, "pool: cloud-1/mi300x", "pool: mi300x"),
                        CONTRACT + "pool", 31, "must be 'cluster/pool', for example"),
                fleet("contract with more GPUs than the pool", with(FLEET, "gpus: 64", "gpus: 256"),
                        CONTRACT + "gpus", 32, "but the pool has 128 (32 nodes x 4)"),
                fleet("contract ending before it starts", with(FLEET, "end: 2026-12-31", "end: 2025-12-31"),
                        CONTRACT + "end", 34, "must be after start 2026-01-01, not 2025-12-31"),
                fleet("contract over fifteen years", with(FLEET, "end: 2026-12-31", "end: 2045-01-01"),
                        CONTRACT + "end", 34, "must be within 15 years of start 2026-01-01"),
                fleet("contract starting on February 30", with(FLEET, "start: 2026-01-01", "start: 2026-02-30"),
                        CONTRACT + "start", 33, "must be a date as YYYY-MM-DD, not '2026-02-30'"),
                fleet("team quota for an unknown accelerator", with(FLEET, "H100: 128", "B200: 128"),
                        "teams[0].quota.B200", 40, "'B200' is not a known accelerator; known: H100, MI300X"),
                fleet("lendingLimit above nominal", with(FLEET, "lendingLimit: 32", "lendingLimit: 100"),
                        "teams[0].quota.MI300X.lendingLimit", 41, "must be at most nominal 96, not 100"),
                fleet("restricted-data certification on a specialized cloud",
                        withLineAfter(FLEET, "tier: specialized", "certifications: [restricted-data]"),
                        "providers[1].certifications", 20, "is for in-house providers only"),
                fleet("pool with nodes and maxNodes", withLineAfter(FLEET, "nodes: 16", "maxNodes: 32"),
                        POOL + "maxNodes", 15, "cannot be given with nodes"),
                fleet("pool with costPerGpuHour and pricePerGpuHour",
                        withLineAfter(FLEET, "costPerGpuHour: 1.10", "pricePerGpuHour: 4.00"),
                        POOL + "pricePerGpuHour", 18, "cannot be given with costPerGpuHour"),

                // Workloads: values that are wrong whatever the fleet.
                workload("workload kind misspelt", with(WORKLOAD, "kind: training", "kind: trainng"),
                        "kind", 3, "must be one of training, fine-tuning, inference, batch, not 'trainng' (did you mean 'training'?)"),
                workload("unknown topology", withLineAfter(WORKLOAD, "gpus: 64", "topology: ring"),
                        "topology", 5, "must be one of node, block, cluster, not 'ring'"),
                workload("unknown data class", withLineAfter(WORKLOAD, "gpus: 64", "dataClass: secret"),
                        "dataClass", 5, "must be one of public, internal, restricted, not 'secret'"),
                workload("unknown runtime", withLineAfter(WORKLOAD, "gpus: 64", "runtime: cuda12"),
                        "runtime", 5, "must be one of cuda, rocm, in-house, not 'cuda12' (did you mean 'cuda'?)"),
                workload("unknown priority name", withLineAfter(WORKLOAD, "gpus: 64", "priority: urgent"),
                        "priority", 5, "must be low, normal, high, critical or an integer from 0 to 1000000"),
                workload("workload field misspelt", withLineAfter(WORKLOAD, "gpus: 64", "gpusPerNod: 8"),
                        "gpusPerNod", 5, "unknown field 'gpusPerNod' (did you mean 'gpusPerNode'?)"),
                workload("workload without a name", without(WORKLOAD, "name: job"),
                        "name", 1, "is required: 1 to 63 letters"),
                workload("gpus as words", with(WORKLOAD, "gpus: 64", "gpus: sixty-four"),
                        "gpus", 4, "must be an integer from 1 to 100000, not the text 'sixty-four'"),
                workload("gpus 0", with(WORKLOAD, "gpus: 64", "gpus: 0"),
                        "gpus", 4, "must be an integer from 1 to 100000, not 0"),
                workload("no acceptable accelerator", with(WORKLOAD, "{ H100: 1.0 }", "{}"),
                        "accelerators", 5, "must name at least one acceptable accelerator type"),
                workload("gpus not a multiple of gpusPerNode", with(WORKLOAD, "gpus: 64", "gpus: 60"),
                        "gpus", 4, "must be a multiple of gpusPerNode 8, not 60"),
                workload("gpusPerNode larger than gpus", with(WORKLOAD, "gpus: 64", "gpus: 4\ngpusPerNode: 8"),
                        "gpusPerNode", 5, "must be at most gpus 4, not 8"),
                workload("topology node for a multi-node gang", withLineAfter(WORKLOAD, "gpus: 64", "topology: node"),
                        "topology", 5, "node needs all 64 GPUs on one node, but gpusPerNode is 8; use block or cluster"),
                workload("training without work", without(WORKLOAD, "work:"),
                        "work", 1, "is required for a training workload: gpuHours and on, or duration"),
                workload("replicas on a training job", withLineAfter(WORKLOAD, "gpus: 64", "replicas: 2"),
                        "replicas", 5, "is for inference services only; a training workload has 1"),
                workload("work measured on a type that is not acceptable", with(WORKLOAD, "on: H100", "on: B200"),
                        "work.on", 6, "must be one of the workload's accelerators [H100], not 'B200'"),
                workload("duration in weeks", with(WORKLOAD, "{ gpuHours: 1000, on: H100 }", "{ duration: 3 weeks }"),
                        "work.duration", 6, "must be a duration such as 90s, 30m, 72h or 14d, not '3 weeks'"),
                workload("duration over a year", with(WORKLOAD, "{ gpuHours: 1000, on: H100 }", "{ duration: 400d }"),
                        "work.duration", 6, "must be more than 0 and at most 366d, not 400d"),
                workload("work as duration and gpuHours", with(WORKLOAD, "on: H100 }", "on: H100, duration: 3h }"),
                        "work.duration", 6, "cannot be given with gpuHours and on"),
                workload("deadline in words", withLineAfter(WORKLOAD, "gpus: 64", "deadline: next week"),
                        "deadline", 5, "must be a date (2027-03-01) or a UTC time (2027-03-01T12:00:00Z), not 'next week'"),

                // Workloads: checked against the example fleet.
                workload("unknown team", with(WORKLOAD, "team: pretrain", "team: pretrian"),
                        "team", 2, "'pretrian' is not a known team (did you mean 'pretrain'?); known: pretrain,"),
                workload("unknown accelerator", with(WORKLOAD, "{ H100: 1.0 }", "{ H100: 1.0, A100: 1.0 }"),
                        "accelerators.A100", 5, "'A100' is not a known accelerator (did you mean 'H100'?)"),
                workload("runtime that the accelerator does not run", withLineAfter(WORKLOAD, "kind: training", "runtime: rocm"),
                        "accelerators.H100", 6, "H100 runs cuda, but the workload's runtime is rocm"),
                workload("team without quota for the accelerators",
                        with(with(WORKLOAD, "{ H100: 1.0 }", "{ MI300X: 1.0 }"), "on: H100", "on: MI300X"),
                        "accelerators", 5, "team pretrain has no quota for any of [MI300X]; it has quota for [B200, H100]"),
                workload("unknown region", withLineAfter(WORKLOAD, "gpus: 64", "regions: [us-east, us-wset]"),
                        "regions[1]", 5, "'us-wset' is not a known region (did you mean 'us-west'?)"),
                workload("node-topology gang larger than any node of the fleet",
                        with(WORKLOAD, "gpus: 64", "gpus: 16\ngpusPerNode: 16\ntopology: node"),
                        "gpusPerNode", 5, "no node of the fleet with [H100] has 16 GPUs; the largest have 8"),
                workload("8192 B200 GPUs in one block", """
                        name: huge
                        team: pretrain
                        kind: training
                        gpus: 8192
                        topology: block
                        accelerators: { B200: 1.0 }
                        work: { duration: 30d }
                        """, "gpus", 4, "no block of the fleet can ever hold a gang of 8192 GPUs (1024 nodes x 8);"
                        + " the largest is 4096 GPUs in ai-cloud-eu-north/b200"),
                workload("restricted data on hyperscaler accelerators only", """
                        name: assistant-eu
                        team: assistant-serving
                        kind: inference
                        dataClass: restricted
                        gpus: 8
                        accelerators: { H200: 1.0 }
                        """, "dataClass", 4, "restricted data runs only on providers certified for it, and none of them has [H200]"),

                // Several workloads in one file: the path or the line says which one is wrong.
                workload("second workload of a list", """
                        workloads:
                          - { name: a, team: pretrain, kind: batch, gpus: 8, accelerators: [H100], work: { duration: 2h } }
                          - { name: b, team: pretrian, kind: batch, gpus: 8, accelerators: [H100], work: { duration: 2h } }
                        """, "workloads[1].team", 3, "'pretrian' is not a known team (did you mean 'pretrain'?)"),
                workload("second workload of a JSON list", """
                        [
                          {"name": "a", "team": "pretrain", "kind": "batch", "gpus": 8, "accelerators": ["H100"], "work": {"duration": "2h"}},
                          {"name": "b", "team": "pretrain", "kind": "batch", "gpus": "8", "accelerators": ["H100"], "work": {"duration": "2h"}}
                        ]
                        """, "[1].gpus", 3, "must be an integer from 1 to 100000, not the text '8'").named("jobs.json"),
                workload("second YAML document", WORKLOAD + "---\n" + with(WORKLOAD, "team: pretrain", "team: research"),
                        "team", 9, "'research' is not a known team; known: pretrain, post-training"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsTheProblem(Case c) {
        Loaded loaded = Loader.load(c.file(), c.text(), c.workload() ? exampleFleet : null);

        List<Problem> problems = loaded.problems();
        assertThat(loaded.ok()).as("%s should not load", c.title()).isFalse();
        assertThat(loaded.fleet()).isNull();
        assertThat(loaded.workloads()).isEmpty();
        assertThat(problems).as("all problems").hasSize(c.problems());
        Problem problem = problems.stream().filter(p -> p.path().equals(c.path())).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at '" + c.path() + "' among " + problems));
        assertThat(problem.file()).isEqualTo(c.file());
        assertThat(problem.line()).as("line of %s", problem).isEqualTo(c.line());
        assertThat(problem.message()).contains(c.says());
    }

    // Every problem of a document at once, not one per run.

    @Test
    void reportsEveryFieldProblemOfAFleetAtOnce() {
        String text = with(with(with(with(FLEET,
                "gpusPerNode: 8", "gpusPerNode: 0"),
                "tier: in-house", "tier: on-prem"),
                "memoryGiB: 192", "memoryGiB: 0"),
                "blockNodes: 8", "blockNode: 8");

        List<Problem> problems = Loader.load("fleet.yaml", text, null).problems();

        assertThat(problems).extracting(Problem::path, Problem::line).containsExactlyInAnyOrder(
                tuple("accelerators[1].memoryGiB", 3),
                tuple("providers[0].tier", 6),
                tuple(POOL + "gpusPerNode", 15),
                tuple(POOL + "blockNode", 16));
    }

    @Test
    void reportsEveryFieldProblemOfAWorkloadAtOnce() {
        String text = withLineAfter(with(with(WORKLOAD,
                "kind: training", "kind: trainng"),
                "gpus: 64", "gpus: 0"),
                "gpus: 0", "priority: urgent");

        List<Problem> problems = Loader.load("job.yaml", text, exampleFleet).problems();

        assertThat(problems).extracting(Problem::path, Problem::line).containsExactlyInAnyOrder(
                tuple("kind", 3), tuple("gpus", 4), tuple("priority", 5));
    }

    @Test
    void reportsEveryBadWorkloadOfAList() {
        String text = """
                workloads:
                  - { name: a, team: pretrian, kind: batch, gpus: 8, accelerators: [H100], work: { duration: 2h } }
                  - { name: b, team: pretrain, kind: batch, gpus: 8, accelerators: [H100], work: { duration: 2h } }
                  - { name: c, team: pretrain, kind: batch, gpus: 8, accelerators: [H100], work: { duration: 2 hours } }
                """;

        List<Problem> problems = Loader.load("jobs.yaml", text, exampleFleet).problems();

        assertThat(problems).extracting(Problem::path, Problem::line).containsExactlyInAnyOrder(
                tuple("workloads[0].team", 2), tuple("workloads[2].work.duration", 4));
    }

    // Bugs: each test says what should happen; they fail today and are disabled until the loader is fixed.

    @Test
    void yamlSyntaxErrorIsReportedOnItsOwnLine() {
        String text = with(FLEET, "        region: us-west", "\tregion: us-west");

        List<Problem> problems = Loader.load("fleet.yaml", text, null).problems();

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("is not valid YAML").contains("TAB");
            assertThat(p.line()).isEqualTo(10);
        });
    }

    @Test
    void documentWithOnlyCommentsIsEmpty() {
        Loaded loaded = Loader.load("fleet.yaml", "# the fleet will be described here\n", null);

        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).contains("holds no document");
        });
    }

    @Test
    void unknownAcceleratorInAListIsReportedOnItsOwnLine() {
        String text = with(WORKLOAD, "accelerators: { H100: 1.0 }", "accelerators:\n  - H100\n  - A100");

        List<Problem> problems = Loader.load("job.yaml", text, exampleFleet).problems();

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("'A100' is not a known accelerator");
            assertThat(p.line()).isEqualTo(7);
        });
    }

    @Test
    void yamlAliasIsResolvedOrRefused() {
        String text = with(with(FLEET, "region: us-west", "region: &west us-west"), "region: eu-north", "region: *west");

        Loaded loaded = Loader.load("fleet.yaml", text, null);

        if (loaded.ok()) {
            assertThat(loaded.fleet().providers().get(1).clusters().get(0).region()).isEqualTo("us-west");
        } else {
            assertThat(loaded.problems()).extracting(Problem::path, Problem::line)
                    .containsExactly(tuple("providers[1].clusters[0].region", 22));
        }
    }

    @Test
    void overCommitmentIsFoundWhateverTheNumberOfContracts() {
        String contracts = IntStream.range(0, 400)
                .mapToObj(i -> "      - { name: c" + i + ", pool: cloud-1/mi300x, gpus: 6000000, start: 2026-01-01,"
                        + " end: 2026-12-31, pricePerGpuHour: 2.00 }\n")
                .collect(Collectors.joining());
        String big = with(with(FLEET, "nodes: 32", "nodes: 100000"), "gpusPerNode: 4", "gpusPerNode: 64");
        String text = with(big, big.substring(big.indexOf("      - name: deal"), big.indexOf("teams:")), contracts);

        List<Problem> problems = Loader.load("fleet.yaml", text, null).problems();

        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.message()).contains("but the pool has 6400000"));
    }
}
