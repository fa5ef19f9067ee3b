package dev.quartermaster.fleet;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

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

    /** A read-only copy in the map's order; a map that is already such a copy is returned as it is. */
    public static <K, V> Map<K, V> copy(String field, Map<K, V> map) {
        if (map == null) {
            throw new InvalidFieldException(field, "is required");
        }
        return map instanceof Copied<K, V> ? map : new Copied<>(new LinkedHashMap<>(map));
    }

    /**
     * A map made by {@link #copy(String, Map)}: nobody holds its contents to change them, so it needs no copy again (a
     * record rebuilt with one field changed, a workload generated from shared maps).
     */
    private static final class Copied<K, V> extends AbstractMap<K, V> {
        private final Map<K, V> map;

        Copied(LinkedHashMap<K, V> contents) {
            this.map = Collections.unmodifiableMap(contents);
        }

        @Override
        public Set<Entry<K, V>> entrySet() {
            return map.entrySet();
        }

        @Override
        public Set<K> keySet() {
            return map.keySet();
        }

        @Override
        public Collection<V> values() {
            return map.values();
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public V get(Object key) {
            return map.get(key);
        }

        @Override
        public V getOrDefault(Object key, V otherwise) {
            return map.getOrDefault(key, otherwise);
        }

        @Override
        public void forEach(BiConsumer<? super K, ? super V> action) {
            map.forEach(action);
        }
    }
}
