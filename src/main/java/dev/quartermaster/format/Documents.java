package dev.quartermaster.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses YAML or JSON text into {@link Node}s that remember their lines. A YAML text may hold several documents
 * separated by {@code ---}. Syntax errors and repeated keys are problems, not exceptions.
 */
public final class Documents {

    /** Larger texts are refused: no fleet or workload list a person writes comes near it. */
    public static final int MAX_CHARS = 64 * 1024 * 1024;

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    private Documents() {}

    /** The documents of {@code text}; empty, with problems added, when it cannot be parsed. */
    public static List<Node> parse(String text, boolean json, Problems problems) {
        if (text.length() > MAX_CHARS) {
            problems.at(1, 1, "is " + text.length() + " characters; at most " + MAX_CHARS + " are accepted");
            return List.of();
        }
        if (text.isBlank()) {
            problems.at(1, 1, "is empty; expected a " + (json ? "JSON" : "YAML") + " document");
            return List.of();
        }
        List<Node> roots = new ArrayList<>();
        try (JsonParser parser = (json ? JSON : YAML).createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                Node root = read(parser, token, "", problems);
                if (root != null) {
                    roots.add(root);
                }
            }
        } catch (JsonProcessingException e) {
            syntaxError(e, json, problems);
            return List.of();
        } catch (IOException e) {
            problems.at(1, 1, "cannot be read: " + e.getMessage());
            return List.of();
        }
        if (roots.isEmpty()) {
            problems.at(1, 1, "holds no document, only comments; expected a " + (json ? "JSON" : "YAML") + " document");
        }
        return roots;
    }

    /** Where the parser found the error (not where it stopped reading), and what it is, without the parser's noise. */
    private static void syntaxError(JsonProcessingException e, boolean json, Problems problems) {
        String format = json ? "JSON" : "YAML";
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            problems.at(marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1,
                    "is not valid " + format + ": " + marked.getProblem()
                            + (marked.getContext() == null ? "" : " (" + marked.getContext() + ")"));
            return;
        }
        JsonLocation at = e.getLocation();
        String message = e.getOriginalMessage()
                .replaceAll("\\(start marker at \\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]\\)", "(it began at line $1, column $2)")
                .replaceAll("\\s*\\[Source: .*", "").replaceAll("\\s+", " ").trim();
        problems.at(at == null ? 1 : Math.max(1, at.getLineNr()), at == null ? 1 : Math.max(1, at.getColumnNr()),
                "is not valid " + format + ": " + message);
    }

    public static boolean looksLikeJson(String fileName, String text) {
        if (fileName.endsWith(".json")) {
            return true;
        }
        if (fileName.endsWith(".yaml") || fileName.endsWith(".yml")) {
            return false;
        }
        String start = text.stripLeading();
        return start.startsWith("{") || start.startsWith("[");
    }

    private static Node read(JsonParser parser, JsonToken token, String path, Problems problems) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Node> fields = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonLocation keyAt = parser.currentTokenLocation();
                    Node value = read(parser, parser.nextToken(), Node.child(path, name), problems);
                    Node placed = value.at(keyAt.getLineNr(), keyAt.getColumnNr());
                    if (fields.putIfAbsent(name, placed) != null) {
                        problems.at(placed, "is given twice; a field may appear once in an object");
                    }
                }
                yield Node.object(path, line, column, fields);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(parser, next, Node.item(path, items.size()), problems));
                }
                yield Node.array(path, line, column, items);
            }
            case VALUE_STRING -> {
                Node text = Node.scalar(Node.Type.STRING, path, line, column, parser.getText(), parser.getText());
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    problems.at(text, "YAML aliases (*" + parser.getText() + ") are not supported here; write the value out");
                }
                yield text;
            }
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? Node.scalar(Node.Type.DECIMAL, path, line, column, parser.getDoubleValue(), parser.getText())
                    : Node.scalar(Node.Type.INTEGER, path, line, column, parser.getLongValue(), parser.getText());
            case VALUE_NUMBER_FLOAT -> Node.scalar(Node.Type.DECIMAL, path, line, column, parser.getDoubleValue(), parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> Node.scalar(Node.Type.BOOLEAN, path, line, column, parser.getBooleanValue(), parser.getText());
            case VALUE_NULL -> Node.scalar(Node.Type.NULL, path, line, column, null, null);
            default -> throw new IllegalStateException("unexpected " + token + " at line " + line);
        };
    }
}
