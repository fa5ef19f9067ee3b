package dev.quartermaster.format;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.workload.Launch;
import dev.quartermaster.workload.Workload;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads fleet and workload documents from files or text. A document is a fleet when its top level has any of the
 * fleet's fields (accelerators, providers, teams), and workloads otherwise.
 */
public final class Loader {

    private Loader() {}

    /** What one file held. */
    public record Loaded(String file, Fleet fleet, List<Workload> workloads, List<Problem> problems) {
        public boolean isFleet() {
            return fleet != null;
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** A fleet from a file; throws {@link InvalidDocumentException} listing every problem when it is not valid. */
    public static Fleet fleet(Path file) {
        Loaded loaded = load(file, null);
        if (!loaded.ok()) {
            throw new InvalidDocumentException(loaded.problems());
        }
        if (!loaded.isFleet()) {
            throw new InvalidDocumentException(List.of(new Problem(file.toString(), 1, 1, "",
                    "is not a fleet document: it has none of the fields accelerators, providers, teams")));
        }
        return loaded.fleet();
    }

    /** Workloads from text (an API body), checked against {@code fleet}; throws when any has a problem. */
    public static List<Workload> workloads(String name, String text, Fleet fleet) {
        Problems problems = new Problems(name);
        List<Workload> workloads = new ArrayList<>();
        for (Node root : Documents.parse(text, Documents.looksLikeJson(name, text), problems)) {
            workloads.addAll(new WorkloadReader(problems, fleet).read(root));
        }
        if (problems.count() > 0) {
            throw new InvalidDocumentException(problems.list());
        }
        return workloads;
    }

    /** What a stored workload document says to run ({@code run:}), or {@link Launch#NONE}. */
    public static Launch launch(String name, String text) {
        Problems problems = new Problems(name);
        List<Node> roots = Documents.parse(text, Documents.looksLikeJson(name, text), problems);
        if (roots.size() != 1 || roots.get(0).type() != Node.Type.OBJECT) {
            return Launch.NONE;
        }
        Node run = roots.get(0).fields().get("run");
        if (run == null || run.type() == Node.Type.NULL) {
            return Launch.NONE;
        }
        Launch launch = new WorkloadReader(problems, null).launch(run);
        return launch == null ? Launch.NONE : launch;
    }

    /** Loads a file; workloads are checked against {@code fleet} when it is not null. */
    public static Loaded load(Path file, Fleet fleet) {
        String name = file.toString();
        Problems problems = new Problems(name);
        String text;
        try {
            if (Files.size(file) > Documents.MAX_CHARS) {
                problems.at(1, 1, "is " + Files.size(file) + " bytes; at most " + Documents.MAX_CHARS + " are accepted");
                return new Loaded(name, null, List.of(), problems.list());
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            problems.at(1, 1, "is not UTF-8 text");
            return new Loaded(name, null, List.of(), problems.list());
        } catch (IOException e) {
            problems.at(1, 1, "cannot be read: " + e.getMessage());
            return new Loaded(name, null, List.of(), problems.list());
        }
        return load(name, text, fleet);
    }

    public static Loaded load(String name, String text, Fleet fleet) {
        Problems problems = new Problems(name);
        List<Node> roots = Documents.parse(text, Documents.looksLikeJson(name, text), problems);
        if (roots.size() == 1 && isFleet(roots.get(0))) {
            Fleet read = new FleetReader(problems).read(roots.get(0));
            return new Loaded(name, problems.count() == 0 ? read : null, List.of(), problems.list());
        }
        List<Workload> workloads = new ArrayList<>();
        for (Node root : roots) {
            if (isFleet(root)) {
                problems.at(root, "a fleet document must be alone in its file");
            } else {
                workloads.addAll(new WorkloadReader(problems, fleet).read(root));
            }
        }
        return new Loaded(name, null, problems.count() == 0 ? workloads : List.of(), problems.list());
    }

    /**
     * A fleet has providers, teams or tier preferences, or a list of accelerator objects; a workload names its
     * accelerators as a map or a list of names.
     */
    static boolean isFleet(Node root) {
        if (root.type() != Node.Type.OBJECT) {
            return false;
        }
        Node accelerators = root.fields().get("accelerators");
        boolean acceleratorObjects = accelerators != null && accelerators.type() == Node.Type.ARRAY
                && !accelerators.items().isEmpty() && accelerators.items().get(0).type() == Node.Type.OBJECT;
        return acceleratorObjects || root.fields().keySet().stream()
                .anyMatch(f -> FleetReader.ROOT_FIELDS.contains(f) && !f.equals("accelerators"));
    }
}
