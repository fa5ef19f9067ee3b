package dev.quartermaster.fleet;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules for the names of things in a fleet or workload document. */
public final class Names {

    public static final String ALLOWED = "1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private Names() {}

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > 63 || !letterOrDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!letterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean letterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    public static String check(String field, String name) {
        if (!isValid(name)) {
            throw new InvalidFieldException(field, "must be " + ALLOWED + ", not '" + name + "'");
        }
        return name;
    }

    /** Throws when two items share a name; {@code field} is the list's field name. */
    public static <T> void checkUnique(String field, Collection<T> items, java.util.function.Function<T, String> name) {
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (T item : items) {
            String n = name.apply(item);
            if (!seen.add(n)) {
                throw new InvalidFieldException(field + "[" + index + "].name", "'" + n + "' is used twice; names must be unique");
            }
            index++;
        }
    }

    public static <T> List<T> copy(String field, List<T> list) {
        if (list == null) {
            throw new InvalidFieldException(field, "is required");
        }
        return List.copyOf(list);
    }

    public static <K, V> Map<K, V> copy(String field, Map<K, V> map) {
        if (map == null) {
            throw new InvalidFieldException(field, "is required");
        }
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
    }
}
