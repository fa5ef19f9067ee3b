package dev.quartermaster.cli;

import dev.quartermaster.client.Replies.Why;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code qm why ID}: the engine's explanation of where a workload stands. */
@Command(name = "why", mixinStandardHelpOptions = true,
        description = {"Explains why a workload waits, or runs where it does, in the scheduling engine's words.", Remote.EXIT_STATUS})
final class WhyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "the workload's id")
    String id;

    @Mixin
    Remote remote;

    @Override
    public Integer call() {
        return remote.show(client -> client.why(id), WhyCommand::render);
    }

    static String render(Why why) {
        StringBuilder out = new StringBuilder("Workload " + why.id() + " is " + why.state() + ".\n");
        if (why.verdict() != null) {
            out.append("Verdict: ").append(why.verdict()).append('\n');
        }
        why.explanation().forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }
}
