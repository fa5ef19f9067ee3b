package dev.quartermaster.sim.trace;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.WorkloadSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the third-party data lies: {@code -Dqm.shared=DIR}, else {@code shared/} or {@code ../shared/} from the
 * project. Tests on real files are skipped (not failed) where it is missing, so the project builds without it.
 */
public final class SharedData {

    private SharedData() {}

    public static Path file(String relative) {
        String configured = System.getProperty("qm.shared");
        List<Path> roots = configured != null ? List.of(Path.of(configured)) : List.of(Path.of("shared"), Path.of("..", "shared"));
        for (Path root : roots) {
            Path file = root.resolve(relative);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        assumeTrue(false, "no " + relative + " under " + roots + "; set -Dqm.shared");
        return null;
    }

    static List<Arrival> all(WorkloadSource source) {
        List<Arrival> arrivals = new ArrayList<>();
        try (source) {
            source.forEachRemaining(arrivals::add);
        }
        return arrivals;
    }
}
