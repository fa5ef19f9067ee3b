package dev.quartermaster.format;

import dev.quartermaster.fleet.Labels;
import dev.quartermaster.fleet.Bounds;
import dev.quartermaster.fleet.Suggestions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fields of one object of a document. Unknown fields are reported with a "did you mean"; each reader
 * reports a missing or wrong value with what is allowed and returns null, so reading goes on and every problem of
 * the document is found in one pass.
 */
final class Fields {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|m|h|d)");

    private final Node node;
    private final Problems problems;

    /** Reads {@code node}, which must be an object with only the {@code known} fields. */
    Fields(Node node, Problems problems, String... known) {
        this.node = node;
        this.problems = problems;
        List<String> allowed = Arrays.asList(known);
        if (node.type() != Node.Type.OBJECT) {
            problems.at(node, "must be an object with the fields " + String.join(", ", allowed) + ", not " + node.describe());
            return;
        }
        node.fields().forEach((name, value) -> {
            if (!allowed.contains(name)) {
                problems.at(value, "unknown field '" + name + "'" + Suggestions.didYouMean(name, allowed)
                        + "; allowed here: " + String.join(", ", allowed));
            }
        });
    }

    boolean isObject() {
        return node.type() == Node.Type.OBJECT;
    }

    Node node() {
        return node;
    }

    boolean has(String name) {
        Node value = node.fields().get(name);
        return value != null && value.type() != Node.Type.NULL;
    }

    Node get(String name) {
        return node.fields().get(name);
    }

    /** The field's node, or null after reporting it missing (or empty) when required. */
    private Node value(String name, boolean required, String allowed) {
        if (has(name)) {
            return get(name);
        }
        if (required && get(name) != null) {
            problems.at(get(name), "is empty; expected " + allowed);
        } else if (required && isObject()) {
            problems.missing(node, name, "is required: " + allowed);
        }
        return null;
    }

    String text(String name, boolean required, String allowed) {
        Node v = value(name, required, allowed);
        if (v == null) {
            return null;
        }
        if (v.type() != Node.Type.STRING && v.type() != Node.Type.INTEGER && v.type() != Node.Type.DECIMAL) {
            problems.at(v, "must be " + allowed + ", not " + v.describe());
            return null;
        }
        return v.raw();
    }

    String name(String name, boolean required) {
        String text = text(name, required, dev.quartermaster.fleet.Names.ALLOWED);
        if (text != null && !dev.quartermaster.fleet.Names.isValid(text)) {
            problems.at(get(name), "must be " + dev.quartermaster.fleet.Names.ALLOWED + ", not '" + text + "'");
            return null;
        }
        return text;
    }

    Double number(String name, Bounds bounds, boolean required) {
        Node v = value(name, required, bounds.describe());
        return v == null ? null : number(v, bounds, problems);
    }

    static Double number(Node v, Bounds bounds, Problems problems) {
        boolean numeric = v.type() == Node.Type.INTEGER || (v.type() == Node.Type.DECIMAL && !bounds.integer());
        if (!numeric) {
            problems.at(v, "must be " + bounds.describe() + ", not " + v.describe());
            return null;
        }
        double d = ((Number) v.value()).doubleValue();
        if (!bounds.contains(d)) {
            problems.at(v, "must be " + bounds.describe() + ", not " + v.describe());
            return null;
        }
        return d;
    }

    Integer integer(String name, Bounds bounds, boolean required) {
        Double d = number(name, bounds, required);
        return d == null ? null : (int) Math.round(d);
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, boolean required) {
        String allowed = "one of " + String.join(", ", labels(type));
        Node v = value(name, required, allowed);
        return v == null ? null : choice(v, type, problems);
    }

    static <E extends Enum<E>> E choice(Node v, Class<E> type, Problems problems) {
        List<String> labels = labels(type);
        if (v.type() == Node.Type.STRING) {
            String text = ((String) v.value()).trim();
            for (E e : type.getEnumConstants()) {
                if (label(e).equalsIgnoreCase(text) || e.name().equalsIgnoreCase(text)) {
                    return e;
                }
            }
            problems.at(v, "must be one of " + String.join(", ", labels) + ", not '" + text + "'"
                    + Suggestions.didYouMean(text, labels));
        } else {
            problems.at(v, "must be one of " + String.join(", ", labels) + ", not " + v.describe());
        }
        return null;
    }

    static <E extends Enum<E>> List<String> labels(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Fields::label).toList();
    }

    /** How an enum value is written in documents: {@code IN_HOUSE} is {@code in-house}. */
    static String label(Enum<?> e) {
        return Labels.of(e);
    }

    /** A list field; an absent optional list is empty. Null when it is wrong. */
    List<Node> list(String name, boolean required, String allowed) {
        Node v = value(name, required, "a list of " + allowed);
        if (v == null) {
            return required ? null : List.of();
        }
        if (v.type() != Node.Type.ARRAY) {
            problems.at(v, "must be a list of " + allowed + ", not " + v.describe());
            return null;
        }
        return v.items();
    }

    /** A list of names (certifications, regions): each must be a valid name; an absent list is empty. */
    List<String> names(String name, String what) {
        List<Node> items = list(name, false, what + " names");
        List<String> names = new java.util.ArrayList<>();
        for (Node item : items == null ? List.<Node>of() : items) {
            if (item.type() == Node.Type.STRING && dev.quartermaster.fleet.Names.isValid((String) item.value())) {
                names.add((String) item.value());
            } else {
                problems.at(item, "must be a " + what + " name: " + dev.quartermaster.fleet.Names.ALLOWED + ", not "
                        + item.describe());
            }
        }
        return names;
    }

    LocalDate date(String name, boolean required) {
        String allowed = "a date as YYYY-MM-DD";
        String text = text(name, required, allowed);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            problems.at(get(name), "must be " + allowed + ", not '" + text + "'");
            return null;
        }
    }

    static final String DURATION_ALLOWED = "a duration such as 90s, 30m, 72h or 14d";

    Duration duration(String name, boolean required) {
        String text = text(name, required, DURATION_ALLOWED);
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                problems.at(get(name), "must be " + DURATION_ALLOWED + ", not '" + text + "'");
                return null;
            }
        }
        double amount = Double.parseDouble(m.group(1));
        long seconds = switch (m.group(2)) {
            case "s" -> Math.round(amount);
            case "m" -> Math.round(amount * 60);
            case "h" -> Math.round(amount * 3600);
            default -> Math.round(amount * 86400);
        };
        return Duration.ofSeconds(seconds);
    }
}
