package dev.quartermaster.dispatch.slurm;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Slurm's GRES strings: {@code gpu:h100:4} configured, {@code gpu:h100:2(IDX:0-1)} in use. */
final class Gres {

    private static final Pattern GPU = Pattern.compile("gpu(?::([A-Za-z0-9_.-]+))?:(\\d+)");

    private Gres() {}

    /** The GPU type, upper case as fleets name accelerators ({@code H100}), or empty when untyped or absent. */
    static String type(String gres) {
        Matcher m = GPU.matcher(gres == null ? "" : gres);
        return m.find() && m.group(1) != null ? m.group(1).toUpperCase(Locale.ROOT) : "";
    }

    /** GPUs counted in the string (all GPU entries summed), 0 when none. */
    static int count(String gres) {
        Matcher m = GPU.matcher(gres == null ? "" : gres);
        int total = 0;
        while (m.find()) {
            total += Integer.parseInt(m.group(2));
        }
        return total;
    }
}
