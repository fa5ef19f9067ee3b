package dev.quartermaster.cli;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.format.Loader;
import dev.quartermaster.format.Loader.Loaded;
import dev.quartermaster.format.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qm validate}: checks fleet and workload documents and lists every problem with its file, line and field. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks fleet and workload documents (YAML or JSON).",
            "Workloads are also checked against the fleet given among the files or with --fleet.",
            "Exit status: 0 all valid, 1 some document is invalid, 2 wrong command line."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "fleet and workload documents")
    List<Path> files;

    @Option(names = "--fleet", paramLabel = "FILE", description = "the fleet to check workloads against")
    Path fleetFile;

    @Mixin
    Output output;

    record FileResult(String file, String kind, int workloads, List<Problem> problems) {}

    record Result(boolean valid, String checkedAgainst, List<FileResult> files) {}

    @Override
    public Integer call() {
        List<Path> all = new ArrayList<>(files);
        if (fleetFile != null && !all.contains(fleetFile)) {
            all.add(0, fleetFile);
        }
        List<Loaded> first = all.stream().map(f -> Loader.load(f, null)).toList();
        List<Loaded> fleets = first.stream().filter(Loaded::isFleet).toList();
        Fleet fleet = null;
        String against = null;
        if (fleetFile != null) {
            Loaded chosen = first.get(all.indexOf(fleetFile));
            fleet = chosen.fleet();
            against = fleetFile.toString();
        } else if (fleets.size() == 1) {
            fleet = fleets.get(0).fleet();
            against = fleets.get(0).file();
        }
        List<FileResult> results = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Loaded loaded = first.get(i);
            if (!loaded.isFleet() && fleet != null && loaded.ok()) {
                loaded = Loader.load(all.get(i), fleet);
            }
            results.add(new FileResult(loaded.file(), loaded.isFleet() ? "fleet" : "workloads", loaded.workloads().size(),
                    loaded.problems()));
        }
        boolean valid = results.stream().allMatch(r -> r.problems().isEmpty());
        print(new Result(valid, against, results), fleets.size());
        return valid ? 0 : Main.INVALID;
    }

    private void print(Result result, int fleetCount) {
        PrintWriter out = output.out();
        if (output.json()) {
            out.println(Output.toJson(result));
            return;
        }
        for (FileResult r : result.files()) {
            if (r.problems().isEmpty()) {
                out.println("ok      " + r.file() + "  (" + (r.kind().equals("fleet") ? "fleet" : r.workloads() + " workload"
                        + (r.workloads() == 1 ? "" : "s")) + ")");
            } else {
                out.println("INVALID " + r.file() + "  (" + r.problems().size() + " problem" + (r.problems().size() == 1 ? "" : "s") + ")");
                r.problems().forEach(p -> out.println("  " + p));
            }
        }
        if (result.checkedAgainst() != null) {
            out.println("Workloads were checked against the fleet in " + result.checkedAgainst() + ".");
        } else if (result.files().stream().anyMatch(r -> r.kind().equals("workloads") && r.problems().isEmpty())) {
            out.println(fleetCount > 1
                    ? "Several fleets were given: pick one with --fleet to check the workloads against it."
                    : "No fleet was given: workloads were checked on their own. Add the fleet file or --fleet FILE.");
        }
        out.flush();
    }
}
