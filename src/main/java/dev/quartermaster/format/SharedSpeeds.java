package dev.quartermaster.format;

import dev.quartermaster.fleet.Names;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accelerator speeds of workloads read, shared: most workloads list one of a few sets of types and speeds, and a
 * server holds every pending one, so each set is held once rather than once per workload (about 300 bytes each).
 * Read-only maps in the order given (two maps of the same entries in another order are not shared). Bounded: past
 * {@link #LIMIT} distinct sets, new ones are kept as they are.
 */
final class SharedSpeeds {

    static final int LIMIT = 4096;

    private static final Map<List<Map.Entry<String, Double>>, Map<String, Double>> SHARED = new ConcurrentHashMap<>();

    private SharedSpeeds() {}

    /** The shared read-only map with these entries in this order. */
    static Map<String, Double> of(Map<String, Double> speeds) {
        List<Map.Entry<String, Double>> key = speeds.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        Map<String, Double> shared = SHARED.get(key);
        if (shared != null) {
            return shared;
        }
        Map<String, Double> copy = Names.copy("accelerators", speeds);
        if (SHARED.size() >= LIMIT) {
            return copy;
        }
        Map<String, Double> first = SHARED.putIfAbsent(key, copy);
        return first != null ? first : copy;
    }
}
