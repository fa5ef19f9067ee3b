package dev.quartermaster.format;

import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Cluster;
import dev.quartermaster.fleet.Contract;
import dev.quartermaster.fleet.Labels;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.fleet.TierPreference;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Writes a fleet as the YAML document {@link FleetReader} reads (one line per accelerator, pool and contract), so that
 * a fleet made by a program (the catalog importer, the planner) can be read, validated and edited by people.
 */
public final class FleetWriter {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");
    private static final Set<String> YAML_WORDS = Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

    private FleetWriter() {}

    public static String write(Fleet fleet) {
        return write(fleet, ref -> null);
    }

    /** The document; {@code comment} gives a comment to put after a pool's line, or null for none. */
    public static String write(Fleet fleet, Function<PoolRef, String> comment) {
        StringBuilder y = new StringBuilder();
        y.append("accelerators:\n");
        for (Accelerator a : fleet.accelerators()) {
            y.append("  - { name: ").append(name(a.name())).append(", vendor: ").append(name(a.vendor())).append(", runtime: ")
                    .append(label(a.runtime())).append(", memoryGiB: ").append(a.memoryGiB());
            if (a.speed() != 1.0) {
                y.append(", speed: ").append(number(a.speed()));
            }
            y.append(" }\n");
        }
        y.append("providers:\n");
        for (Provider p : fleet.providers()) {
            y.append("  - name: ").append(name(p.name())).append('\n')
                    .append("    tier: ").append(label(p.tier())).append('\n');
            if (!p.certifications().isEmpty()) {
                y.append("    certifications: [").append(String.join(", ", p.certifications().stream().sorted().map(FleetWriter::name).toList()))
                        .append("]\n");
            }
            y.append("    clusters:\n");
            for (Cluster c : p.clusters()) {
                y.append("      - name: ").append(name(c.name())).append('\n')
                        .append("        region: ").append(name(c.region())).append('\n');
                c.backendConfig().ifPresent(b -> y.append("        backend: ").append(backend(b)).append('\n'));
                y.append("        pools:\n");
                for (NodePool pool : c.pools()) {
                    y.append("          - ").append(pool(pool, p.tier() == dev.quartermaster.fleet.Tier.IN_HOUSE));
                    String note = comment.apply(new PoolRef(c.name(), pool.name()));
                    if (note != null) {
                        y.append("   # ").append(note.replace('\n', ' '));
                    }
                    y.append('\n');
                }
            }
            if (!p.contracts().isEmpty()) {
                y.append("    contracts:\n");
                for (Contract k : p.contracts()) {
                    y.append("      - { name: ").append(name(k.name())).append(", pool: ").append(name(k.pool().toString()))
                            .append(", gpus: ").append(k.gpus()).append(", start: ").append(k.start()).append(", end: ")
                            .append(k.end()).append(", pricePerGpuHour: ").append(number(k.pricePerGpuHour())).append(" }\n");
                }
            }
        }
        if (!fleet.teams().isEmpty()) {
            y.append("teams:\n");
            for (Team t : fleet.teams()) {
                y.append("  - name: ").append(name(t.name())).append('\n');
                if (t.cohort() != null) {
                    y.append("    cohort: ").append(name(t.cohort())).append('\n');
                }
                y.append("    weight: ").append(number(t.weight())).append('\n');
                if (t.normalizedQuota() != null) {
                    y.append("    normalizedQuota: ").append(number(t.normalizedQuota())).append('\n');
                }
                y.append("    quota: {");
                List<String> quotas = new ArrayList<>();
                t.quota().forEach((type, q) -> quotas.add(" " + name(type) + ": " + quota(q)));
                y.append(String.join(",", quotas)).append(" }\n");
            }
        }
        if (!fleet.tierPreferences().isEmpty()) {
            y.append("tierPreferences:\n");
            for (TierPreference tp : fleet.tierPreferences()) {
                y.append("  - { kind: ").append(label(tp.kind()));
                if (tp.dataClass() != null) {
                    y.append(", dataClass: ").append(label(tp.dataClass()));
                }
                y.append(", tiers: [").append(String.join(", ", tp.tiers().stream().map(FleetWriter::label).toList())).append("] }\n");
            }
        }
        return y.toString();
    }

    private static String pool(NodePool p, boolean owned) {
        StringBuilder y = new StringBuilder("{ name: ").append(name(p.name())).append(", accelerator: ").append(name(p.accelerator()))
                .append(p.elastic() ? ", maxNodes: " : ", nodes: ").append(p.nodes()).append(", gpusPerNode: ").append(p.gpusPerNode());
        if (p.blockNodes() != p.nodes()) {
            y.append(", blockNodes: ").append(p.blockNodes());
        }
        y.append(owned ? ", costPerGpuHour: " : ", pricePerGpuHour: ").append(number(p.pricePerGpuHour()));
        if (!p.provisioningDelay().isZero()) {
            y.append(", provisioningMinutes: ").append(p.provisioningDelay().toMinutes());
        }
        if (p.spot() != null) {
            y.append(", spot: { interruptionsPerHour: ").append(number(p.spot().interruptionsPerHour())).append(" }");
        }
        return y.append(" }").toString();
    }

    private static String quota(Quota q) {
        if (q.borrowingLimit() == Quota.UNLIMITED && q.lendingLimit() == Quota.UNLIMITED) {
            return Integer.toString(q.nominal());
        }
        StringBuilder y = new StringBuilder("{ nominal: ").append(q.nominal());
        if (q.borrowingLimit() != Quota.UNLIMITED) {
            y.append(", borrowingLimit: ").append(q.borrowingLimit());
        }
        if (q.lendingLimit() != Quota.UNLIMITED) {
            y.append(", lendingLimit: ").append(q.lendingLimit());
        }
        return y.append(" }").toString();
    }

    /** A name as a plain scalar where YAML reads it back as the same string, else single-quoted. */
    static String name(String text) {
        if (PLAIN.matcher(text).matches() && !YAML_WORDS.contains(text.toLowerCase(Locale.ROOT))) {
            return text;
        }
        return "'" + text.replace("'", "''") + "'";
    }

    private static String label(Enum<?> value) {
        return Labels.of(value);
    }

    private static String backend(dev.quartermaster.fleet.BackendConfig b) {
        StringBuilder y = new StringBuilder("{ type: ").append(label(b.type())).append(", url: ").append(name(b.url()));
        if (b.partition() != null) {
            y.append(", partition: ").append(name(b.partition()));
        }
        if (b.namespace() != null) {
            y.append(", namespace: ").append(name(b.namespace()));
        }
        if (b.user() != null) {
            y.append(", user: ").append(name(b.user()));
        }
        if (b.token() != null) {
            y.append(", token: { ").append(b.token().source() == dev.quartermaster.fleet.Secret.Source.ENV ? "env" : "file")
                    .append(": ").append(name(b.token().name())).append(" }");
        }
        if (b.caCert() != null) {
            y.append(", caCert: ").append(name(b.caCert()));
        }
        return y.append(" }").toString();
    }

    static String number(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
