package dev.quartermaster.format;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A value of a YAML or JSON document with where it was written: its path from the root
 * ({@code providers[1].clusters[0].pools[2].gpusPerNode}) and its line and column. Errors point at these.
 */
public final class Node {

    public enum Type {
        OBJECT("an object"),
        ARRAY("a list"),
        STRING("text"),
        INTEGER("an integer"),
        DECIMAL("a number"),
        BOOLEAN("true or false"),
        NULL("empty");

        final String described;

        Type(String described) {
            this.described = described;
        }
    }

    private final Type type;
    private final String path;
    private final int line;
    private final int column;
    private final Map<String, Node> fields;
    private final List<Node> items;
    private final Object scalar;
    private final String raw;

    private Node(Type type, String path, int line, int column, Map<String, Node> fields, List<Node> items, Object scalar,
            String raw) {
        this.type = type;
        this.path = path;
        this.line = line;
        this.column = column;
        this.fields = fields;
        this.items = items;
        this.scalar = scalar;
        this.raw = raw;
    }

    static Node object(String path, int line, int column, Map<String, Node> fields) {
        return new Node(Type.OBJECT, path, line, column, Collections.unmodifiableMap(fields), List.of(), null, null);
    }

    static Node array(String path, int line, int column, List<Node> items) {
        return new Node(Type.ARRAY, path, line, column, Map.of(), List.copyOf(items), null, null);
    }

    static Node scalar(Type type, String path, int line, int column, Object value, String raw) {
        return new Node(type, path, line, column, Map.of(), List.of(), value, raw);
    }

    /** The same node, reported at another place (a field's key rather than its value). */
    Node at(int newLine, int newColumn) {
        return new Node(type, path, newLine, newColumn, fields, items, scalar, raw);
    }

    /** A scalar as it was written: "007" stays "007" though it reads as the number 7. */
    public String raw() {
        return raw != null ? raw : String.valueOf(scalar);
    }

    public Type type() {
        return type;
    }

    public String path() {
        return path;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** Fields of an object in document order; empty for anything else. */
    public Map<String, Node> fields() {
        return fields;
    }

    /** Items of a list; empty for anything else. */
    public List<Node> items() {
        return items;
    }

    /** The value of a scalar: String, Long, Double, Boolean, or null. */
    public Object value() {
        return scalar;
    }

    public String describe() {
        return switch (type) {
            case STRING -> "the text '" + scalar + "'";
            case INTEGER, DECIMAL, BOOLEAN -> String.valueOf(scalar);
            default -> type.described;
        };
    }

    static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    /**
     * The node at {@code target}, or the deepest node on the way to it (where a missing field belongs). A list of
     * names answers for {@code list.name} with the item that is that name.
     */
    public Node find(String target) {
        if (type == Type.ARRAY && target.startsWith(path + ".")) {
            String name = target.substring(path.length() + 1);
            for (Node item : items) {
                if (item.type != Type.OBJECT && item.type != Type.ARRAY && name.equals(item.raw())) {
                    return item;
                }
            }
        }
        Node best = this;
        for (Node n : fields.values()) {
            best = deeper(best, n, target);
        }
        for (Node n : items) {
            best = deeper(best, n, target);
        }
        return best;
    }

    private static Node deeper(Node best, Node candidate, String target) {
        String p = candidate.path;
        boolean onTheWay = target.equals(p)
                || (target.startsWith(p) && (target.charAt(p.length()) == '.' || target.charAt(p.length()) == '['));
        if (!onTheWay) {
            return best;
        }
        Node found = candidate.find(target);
        return found.path.length() > best.path.length() ? found : best;
    }
}
