package dev.quartermaster.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadFileTest {

    private static final String A = "{ name: a, team: pretrain, kind: batch, gpus: 1, accelerators: [H100], work: { duration: 1h } }";
    private static final String B = "{ name: b, team: pretrain, kind: batch, gpus: 2, accelerators: { H100: 1.0 }, work: { duration: 1h } }";

    @TempDir
    Path dir;

    private WorkloadFile read(String text, String salt) throws IOException {
        return WorkloadFile.read(Files.writeString(dir.resolve("w.yaml"), text), salt);
    }

    private static List<String> keys(WorkloadFile file) {
        return file.items().stream().map(WorkloadFile.Item::key).toList();
    }

    @Test
    void splitsListsWorkloadsDocumentsAndMultipleDocumentsIntoJson() throws IOException {
        WorkloadFile file = read("workloads:\n  - " + A + "\n---\n- " + B + "\n---\nname: c\nteam: pretrain\nkind: batch\ngpus: 8\naccelerators: [H100]\nwork: { duration: 2h }\n", null);
        assertThat(file.problems()).isEmpty();
        assertThat(file.items()).extracting(WorkloadFile.Item::name).containsExactly("a", "b", "c");
        assertThat(file.items().get(1).json())
                .isEqualTo("{\"name\":\"b\",\"team\":\"pretrain\",\"kind\":\"batch\",\"gpus\":2,\"accelerators\":{\"H100\":1.0},\"work\":{\"duration\":\"1h\"}}");
        assertThat(file.locate(file.items().get(1), "accelerators.H100")).isEqualTo(file.name() + ":4:" + (3 + B.indexOf("H100")) + ": [0].accelerators.H100: ");
    }

    @Test
    void keysFollowEachWorkloadsContentSoEditingOneLeavesTheOthers() throws IOException {
        List<String> before = keys(read("- " + A + "\n- " + B + "\n- " + A + "\n", null));
        List<String> edited = keys(read("- " + A + "\n- " + B.replace("gpus: 2", "gpus: 4") + "\n- " + A + "\n", null));
        assertThat(before).doesNotHaveDuplicates();
        assertThat(before.get(2)).isEqualTo(before.get(0).replaceAll("-0$", "-1"));
        assertThat(edited.get(0)).isEqualTo(before.get(0));
        assertThat(edited.get(2)).isEqualTo(before.get(2));
        assertThat(edited.get(1)).isNotEqualTo(before.get(1));
        assertThat(keys(read("- " + A + "\n", "again")).get(0)).isNotEqualTo(before.get(0));
    }

    @Test
    void problemsComeWithLinesAndNoItems() throws IOException {
        WorkloadFile file = read("- " + A.replace("kind: batch", "kind: batchy") + "\n", null);
        assertThat(file.items()).isEmpty();
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("[0].kind");
            assertThat(p.line()).isEqualTo(1);
        });
        assertThat(WorkloadFile.read(dir.resolve("missing.yaml"), null).problems().get(0).message()).startsWith("cannot be read");
    }
}
