package dev.quartermaster.cli;

import dev.quartermaster.client.Replies.Cost;
import dev.quartermaster.client.Replies.CostLine;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code qm cost}: what runs cost, from the server's ledger. */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = {"Shows what finished runs cost, from the ledger, grouped by team, provider, tier, pool or accelerator.", Remote.EXIT_STATUS})
final class CostCommand implements Callable<Integer> {

    static final List<String> GROUPS = List.of("team", "provider", "tier", "pool", "accelerator");

    @Option(names = "--by", defaultValue = "team", completionCandidates = Groups.class,
            description = "group by ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String by;

    @Option(names = "--from", paramLabel = "WHEN", converter = InstantConverter.class,
            description = "only runs that ended at or after this: a date (2026-11-01, UTC midnight) or an instant (2026-11-01T12:00:00Z)")
    Instant from;

    @Option(names = "--to", paramLabel = "WHEN", converter = InstantConverter.class, description = "only runs that ended before this")
    Instant to;

    @Mixin
    Remote remote;

    @Override
    public Integer call() {
        String group = by.toLowerCase(Locale.ROOT);
        if (!GROUPS.contains(group)) {
            throw new ParameterException(remote.spec.commandLine(), "--by must be one of " + String.join(", ", GROUPS) + ", not '" + by + "'");
        }
        return remote.show(client -> client.cost(group, from, to), this::render);
    }

    String render(Cost cost) {
        String span = (from == null ? "" : " from " + Times.of(from)) + (to == null ? "" : " to " + Times.of(to));
        if (cost.lines().isEmpty()) {
            return "No runs charged" + span + ".\n";
        }
        Table table = new Table(cost.by().toUpperCase(Locale.ROOT), "COST", "GPU-HOURS", "RUNS");
        for (CostLine line : cost.lines()) {
            table.row(line.key(), Money.dollars(line.dollars()), Money.plain(line.gpuHours()), Money.count(line.runs()));
        }
        table.row("total", Money.dollars(cost.dollars()), Money.plain(cost.gpuHours()),
                Money.count(cost.lines().stream().mapToLong(CostLine::runs).sum()));
        return "Cost by " + cost.by() + span + "\n" + table.render();
    }

    static final class Groups implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return GROUPS.iterator();
        }
    }
}
