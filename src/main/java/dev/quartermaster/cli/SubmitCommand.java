package dev.quartermaster.cli;

import dev.quartermaster.client.ApiClient;
import dev.quartermaster.client.ApiError;
import dev.quartermaster.client.Replies.Submitted;
import dev.quartermaster.client.WorkloadFile;
import dev.quartermaster.format.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qm submit FILE...}: sends every workload of the files, one call each, safe to repeat. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Submits the workloads of each file (one workload, a list, a 'workloads:' document, or several YAML documents).",
            "Each is sent with an idempotency key made from its content, so running the same command again submits nothing twice.",
            "Files are checked first; when one has a problem nothing is sent.", Remote.EXIT_STATUS})
final class SubmitCommand implements Callable<Integer> {

    /** What became of one workload of a file; {@code error} when the server refused it. */
    record Result(String file, int index, String name, String team, String id, Boolean created, String state, String error) {

        String outcome() {
            return error != null ? "refused" : created ? "created" : "already there";
        }
    }

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "workload documents (YAML or JSON)")
    List<Path> files;

    @Option(names = "--again", description = "submit even workloads identical to ones submitted before, as new workloads")
    boolean again;

    @Mixin
    Remote remote;

    @Override
    public Integer call() {
        String salt = again ? UUID.randomUUID().toString() : null;
        List<WorkloadFile> read = files.stream().map(file -> WorkloadFile.read(file, salt)).toList();
        List<Problem> problems = read.stream().flatMap(file -> file.problems().stream()).toList();
        if (!problems.isEmpty()) {
            PrintWriter err = remote.err();
            problems.forEach(err::println);
            err.println("qm: nothing was submitted");
            err.flush();
            return Main.INVALID;
        }
        return remote.run(client -> submit(client, read));
    }

    private int submit(ApiClient client, List<WorkloadFile> read) {
        List<Result> results = new ArrayList<>();
        for (WorkloadFile file : read) {
            for (WorkloadFile.Item item : file.items()) {
                results.add(submit(client, file, item));
            }
        }
        remote.print(results, () -> render(results));
        return results.stream().anyMatch(r -> r.error() != null) ? Main.INVALID : 0;
    }

    /** Submits one item; a refusal of this item alone is reported and the rest go on, any other stops the command. */
    private Result submit(ApiClient client, WorkloadFile file, WorkloadFile.Item item) {
        try {
            Submitted s = client.submit(item.json(), item.key()).value();
            return new Result(file.name(), item.index(), item.name(), item.team(), s.id(), s.created(), s.state(), null);
        } catch (ApiError e) {
            if (e.status() == 401 || e.isServerFault()) {
                throw e;
            }
            remote.err().println("qm: " + file.name() + ": workload " + (item.index() + 1) + " (" + item.name() + ") was refused:");
            remote.refused(e, p -> file.locate(item, p.field()));
            return new Result(file.name(), item.index(), item.name(), item.team(), null, null, null, e.getMessage());
        }
    }

    static String render(List<Result> results) {
        Table table = new Table("ID", "NAME", "TEAM", "RESULT");
        results.forEach(r -> table.row(r.id(), r.name(), r.team(), r.outcome()));
        return table.render() + summary(results);
    }

    private static String summary(List<Result> results) {
        long created = results.stream().filter(r -> r.outcome().equals("created")).count();
        long there = results.stream().filter(r -> r.outcome().equals("already there")).count();
        long refused = results.size() - created - there;
        return created + " created, " + there + " already there" + (refused == 0 ? "" : ", " + refused + " refused") + ".\n";
    }
}
