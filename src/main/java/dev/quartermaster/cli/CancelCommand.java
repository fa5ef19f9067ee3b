package dev.quartermaster.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code qm cancel ID}. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancels a workload that has not ended; work running on a backend is stopped.", Remote.EXIT_STATUS})
final class CancelCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "the workload's id")
    String id;

    @Mixin
    Remote remote;

    @Override
    public Integer call() {
        return remote.show(client -> client.cancel(id), c -> "Workload " + c.id() + " is " + c.state() + ".\n");
    }
}
