package dev.quartermaster.cli;

import dev.quartermaster.client.Replies.Queued;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qm queue}: pending workloads in the order the engine takes them. */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = {"Shows the pending workloads in queue order, each with the engine's reason it waits.", Remote.EXIT_STATUS})
final class QueueCommand implements Callable<Integer> {

    @Option(names = "--team", description = "only this team's workloads (a member's token sees only its own team's)")
    String team;

    @Option(names = "--limit", defaultValue = "50", description = "at most this many (default: ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    Remote remote;

    @Override
    public Integer call() {
        return remote.show(client -> client.queue(team, limit), queue -> render(queue, team));
    }

    /** The queue as a table; {@code team} is the filter asked for (null: none), named when nothing matched. */
    static String render(List<Queued> queue, String team) {
        if (queue.isEmpty()) {
            return team == null ? "Nothing is pending.\n" : "Nothing of team '" + team + "' is pending.\n";
        }
        Table table = new Table("#", "ID", "NAME", "TEAM", "PRIORITY", "GPUS", "WAITING FOR");
        for (int i = 0; i < queue.size(); i++) {
            Queued q = queue.get(i);
            table.row(i + 1, q.id(), q.name(), q.team(), q.priority(), Money.count(q.gpus()), q.verdict());
        }
        return table.render();
    }
}
