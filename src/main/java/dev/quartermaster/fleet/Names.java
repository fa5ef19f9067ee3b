package dev.quartermaster.fleet;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules for the names of things in a fleet or workload document. */
public final class Names {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public static final String ALLOWED = "1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private Names() {}

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
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
