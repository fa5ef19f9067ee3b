package dev.quartermaster.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quartermaster.format.Documents;
import dev.quartermaster.format.Loader;
import dev.quartermaster.format.Node;
import dev.quartermaster.format.Problem;
import dev.quartermaster.format.Problems;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A file of workloads split into the single documents the server takes one per call: one workload, a list, a
 * {@code workloads:} document, or several YAML documents. Each item is sent as JSON with an idempotency key made from
 * its content (and how many identical items come before it), so that sending the file again, or again after fixing
 * one item, stores no workload twice.
 */
public final class WorkloadFile {

    /** One workload of the file: its node (for lines), its JSON, and its idempotency key. */
    public record Item(int index, Node node, String json, String key) {

        public String name() {
            return scalar("name");
        }

        public String team() {
            return scalar("team");
        }

        private String scalar(String field) {
            Node value = node.fields().get(field);
            return value == null ? null : value.raw();
        }
    }

    private final String name;
    private final List<Item> items;
    private final List<Problem> problems;

    private WorkloadFile(String name, List<Item> items, List<Problem> problems) {
        this.name = name;
        this.items = items;
        this.problems = problems;
    }

    /**
     * Reads and checks {@code file} as far as a workload says of itself (the fleet's rules are the server's). A
     * non-null {@code salt} makes new keys: the items are submitted again even when identical ones were before.
     */
    public static WorkloadFile read(Path file, String salt) {
        String name = file.toString();
        Problems problems = new Problems(name);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            problems.at(1, 1, "is not UTF-8 text");
            return new WorkloadFile(name, List.of(), problems.list());
        } catch (IOException e) {
            problems.at(1, 1, "cannot be read: " + e.getMessage());
            return new WorkloadFile(name, List.of(), problems.list());
        }
        Loader.Loaded loaded = Loader.load(name, text, null);
        if (!loaded.ok()) {
            return new WorkloadFile(name, List.of(), loaded.problems());
        }
        if (loaded.isFleet()) {
            problems.at(1, 1, "is a fleet document, not workloads; an admin stores a fleet with PUT /api/v1/fleet");
            return new WorkloadFile(name, List.of(), problems.list());
        }
        List<Item> items = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Node root : Documents.parse(text, Documents.looksLikeJson(name, text), problems)) {
            for (Node node : workloads(root)) {
                String json = toJson(node).toString();
                String digest = sha256((salt == null ? "" : salt + "\n") + json);
                int earlier = seen.merge(digest, 1, Integer::sum) - 1;
                items.add(new Item(items.size(), node, json, "qm-" + digest.substring(0, 40) + "-" + earlier));
            }
        }
        return new WorkloadFile(name, items, problems.list());
    }

    public String name() {
        return name;
    }

    public List<Item> items() {
        return items;
    }

    /** What is wrong with the file; nothing is sent when it is not empty. */
    public List<Problem> problems() {
        return problems;
    }

    /** Where {@code field} (a path inside one workload, as the server names it) is in this file: {@code file:line:column: path: }. */
    public String locate(Item item, String field) {
        String prefix = item.node().path();
        String target = field == null || field.isEmpty() ? prefix
                : prefix.isEmpty() ? field : field.startsWith("[") ? prefix + field : prefix + "." + field;
        Node at = item.node().find(target);
        return name + ":" + at.line() + ":" + at.column() + ": " + (target.isEmpty() ? "" : target + ": ");
    }

    private static List<Node> workloads(Node root) {
        if (root.type() == Node.Type.ARRAY) {
            return root.items();
        }
        Node listed = root.fields().get("workloads");
        return listed != null ? listed.items() : List.of(root);
    }

    private static JsonNode toJson(Node node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (node.type()) {
            case OBJECT -> {
                ObjectNode object = f.objectNode();
                node.fields().forEach((k, v) -> object.set(k, toJson(v)));
                yield object;
            }
            case ARRAY -> {
                ArrayNode array = f.arrayNode();
                node.items().forEach(item -> array.add(toJson(item)));
                yield array;
            }
            case STRING -> f.textNode((String) node.value());
            case INTEGER -> f.numberNode((Long) node.value());
            case DECIMAL -> f.numberNode((Double) node.value());
            case BOOLEAN -> f.booleanNode((Boolean) node.value());
            case NULL -> f.nullNode();
        };
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
