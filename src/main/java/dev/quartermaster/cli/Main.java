package dev.quartermaster.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code qm} command. Exit codes: 0 done, 1 the input was refused (by the server too), 2 the command line was
 * wrong, 3 a fault (or no server to talk to), 4 no token for a command that talks to a server.
 */
@Command(name = "qm",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Quartermaster: a control plane for AI compute bought from many places at once.",
        subcommands = {ServeCommand.class, ValidateCommand.class, FleetCommand.class, ScheduleCommand.class, SimulateCommand.class, CompareCommand.class, BenchCommand.class,
            SubmitCommand.class, StatusCommand.class, CancelCommand.class, WhyCommand.class, QueueCommand.class, CostCommand.class, TokenCommand.class,
            CatalogCommand.class, PlanCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    public static final int INVALID = 1;
    public static final int USAGE = 2;
    public static final int FAULT = 3;
    public static final int NO_TOKEN = 4;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs {@code qm} with the given arguments, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("qm: " + e.getMessage());
            return FAULT;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"qm " + (version == null ? "development build" : version)};
        }
    }
}
