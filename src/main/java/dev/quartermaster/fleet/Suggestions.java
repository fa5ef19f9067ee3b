package dev.quartermaster.fleet;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean" for a name that is not known: a known name it begins, or else the closest known name within a small
 * edit distance.
 */
public final class Suggestions {

    private Suggestions() {}

    public static Optional<String> closest(String name, Collection<String> known) {
        if (name.length() >= 4) {
            for (String candidate : known) {
                if (candidate.toLowerCase().startsWith(name.toLowerCase()) && !candidate.equals(name)) {
                    return Optional.of(candidate);
                }
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(name.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, name.length() / 3));
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean 'gpusPerNode'?)" or "". */
    public static String didYouMean(String name, Collection<String> known) {
        return closest(name, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** "'X' is not a known accelerator (did you mean 'H100'?); known: H100, B200". */
    public static String unknown(String what, String name, Collection<String> known) {
        return "'" + name + "' is not a known " + what + didYouMean(name, known) + "; known: "
                + (known.isEmpty() ? "none" : String.join(", ", known));
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
