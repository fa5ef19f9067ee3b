package dev.quartermaster.cli;

import dev.quartermaster.client.Replies.Charge;
import dev.quartermaster.client.Replies.Dispatch;
import dev.quartermaster.client.Replies.Page;
import dev.quartermaster.client.Replies.Step;
import dev.quartermaster.client.Replies.Workload;
import dev.quartermaster.client.Replies.WorkloadDetail;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code qm status [ID]}: one workload in full, or the newest workloads. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows one workload: its state, history, dispatches and cost. Without ID, a table of the newest workloads.",
            Remote.EXIT_STATUS})
final class StatusCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", arity = "0..1", description = "a workload's id")
    String id;

    @Option(names = "--team", description = "only this team's workloads")
    String team;

    @Option(names = "--state", description = "only workloads in this state: pending, admitted, dispatched, running, preempted, succeeded, failed, cancelled")
    String state;

    @Option(names = "--kind", description = "only workloads of this kind: training, fine-tuning, inference, batch")
    String kind;

    @Option(names = "--limit", defaultValue = "20", description = "at most this many, newest first (default: ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    Remote remote;

    @Override
    public Integer call() {
        if (id == null) {
            return remote.show(client -> client.workloads(team, state, kind, limit), page -> list(page, filters()));
        }
        if (team != null || state != null || kind != null) {
            throw new ParameterException(remote.spec.commandLine(), "--team, --state and --kind filter the list; they do not go with an ID");
        }
        return remote.show(client -> client.workload(id), StatusCommand::detail);
    }

    /** The filters asked for, in words ("team x, state running"); empty when none. */
    private String filters() {
        java.util.List<String> asked = new java.util.ArrayList<>();
        if (team != null) {
            asked.add("team " + team);
        }
        if (state != null) {
            asked.add("state " + state);
        }
        if (kind != null) {
            asked.add("kind " + kind);
        }
        return String.join(", ", asked);
    }

    /** The page as a table; {@code filters} names the filters asked for (empty: none) when nothing matched. */
    static String list(Page<Workload> page, String filters) {
        if (page.items().isEmpty()) {
            return filters.isEmpty() ? "No workloads.\n" : "No workloads match (" + filters + ").\n";
        }
        Table table = new Table("ID", "NAME", "TEAM", "KIND", "PRIORITY", "GPUS", "STATE", "SUBMITTED");
        page.items().forEach(w -> table.row(w.id(), w.name(), w.team(), w.kind(), w.priority(), Money.count(w.gpus()), w.state(),
                Times.of(w.submittedAt())));
        return table.render() + (page.next() == null ? "" : "(more: raise --limit to see them)\n");
    }

    static String detail(WorkloadDetail d) {
        Workload w = d.workload();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Workload   %s  %s%n", w.id(), w.name()));
        out.append(String.format(Locale.ROOT, "Team       %s  (%s, priority %d, %s GPUs)%n", w.team(), w.kind(), w.priority(), Money.count(w.gpus())));
        out.append(String.format(Locale.ROOT, "State      %s%s%n", w.state(), w.reason() == null ? "" : "  (" + w.reason() + ")"));
        out.append(String.format(Locale.ROOT, "Submitted  %s by %s%n", Times.of(w.submittedAt()), w.submittedBy()));
        out.append(String.format(Locale.ROOT, "Cost       %s for %s GPU-hours%n", Money.dollars(d.dollars()),
                Money.plain(d.ledger().stream().mapToDouble(Charge::gpuHours).sum())));
        Table history = new Table("AT", "FROM", "TO", "REASON");
        for (Step s : d.history()) {
            history.row(Times.of(s.at()), s.from(), s.to(), s.reason());
        }
        out.append("\nHistory\n").append(history.render());
        if (!d.dispatches().isEmpty()) {
            Table dispatches = new Table("ATTEMPT", "REPLICA", "POOL", "TIER", "ACCELERATOR", "GPUS", "$/GPU-HOUR", "STARTED", "ENDED", "OUTCOME");
            for (Dispatch x : d.dispatches()) {
                dispatches.row(x.attempt(), x.replica(), x.pool(), x.tier(), x.accelerator(), Money.count(x.gpus()),
                        Money.price(x.pricePerGpuHour()), Times.of(x.startedAt()), Times.of(x.endedAt()), x.outcome());
            }
            out.append("\nDispatches\n").append(dispatches.render());
        }
        return out.toString();
    }
}
