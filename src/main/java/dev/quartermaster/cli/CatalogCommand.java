package dev.quartermaster.cli;

import dev.quartermaster.catalog.CatalogFormatException;
import dev.quartermaster.catalog.CatalogImport;
import dev.quartermaster.catalog.CatalogPool;
import dev.quartermaster.catalog.FileReport;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.format.FleetWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qm catalog}: public GPU price catalogs. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Works with public GPU price catalogs.",
        subcommands = CatalogCommand.Import.class)
final class CatalogCommand {

    /** The cheapest pools of one accelerator type. */
    record AcceleratorView(String accelerator, int onDemandPools, int spotPools, CatalogPool cheapestOnDemand, CatalogPool cheapestSpot) {}

    record ImportView(int rowsRead, int rowsImported, Map<String, Integer> skipped, List<FileReport> files, int onDemandPools,
            int spotPools, List<AcceleratorView> accelerators, List<CatalogPool> pools, String out) {}

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Turns the public price catalog (one CSV per cloud: instance type, accelerator,",
                "count, price, spot price, region; columns found by name) into on-demand and",
                "spot pools priced per GPU-hour: one provider per cloud, one cluster per region,",
                "the cheapest instance per accelerator type. Reports rows read, imported and",
                "skipped by reason; --out writes the pools as a fleet document.",
                "Exit status: 0 done, 1 unreadable catalog, 2 wrong command line."})
    static final class Import implements Callable<Integer> {

        @Parameters(paramLabel = "DIR|FILE", arity = "1..*", description = "catalog CSV files, or directories of them")
        List<Path> inputs;

        @Option(names = "--accelerators", split = ",", paramLabel = "TYPE",
                description = "only these accelerator types, e.g. H100,H200,B200 (default: all)")
        List<String> accelerators = List.of();

        @Option(names = "--regions", split = ",", paramLabel = "REGION", description = "only these regions (default: all)")
        List<String> regions = List.of();

        @Option(names = "--max-gpus", defaultValue = "512", paramLabel = "N",
                description = "GPUs each pool can be provisioned to: the catalog does not say (default ${DEFAULT-VALUE})")
        int maxGpus;

        @Option(names = "--spot-interruptions-per-hour", defaultValue = "0.05", paramLabel = "RATE",
                description = "interruptions per node-hour of every spot pool: the catalog does not say (default ${DEFAULT-VALUE})")
        double interruptions;

        @Option(names = "--out", paramLabel = "FILE", description = "write the pools as a fleet document (YAML) to FILE")
        Path out;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            PrintWriter out = output.out();
            PrintWriter err = output.err();
            if (maxGpus < 1 || maxGpus > 1_000_000 || interruptions < 0 || interruptions > 10) {
                err.println("qm catalog import: --max-gpus must be from 1 to 1000000 and --spot-interruptions-per-hour from 0 to 10");
                return Main.USAGE;
            }
            if (!OutputFiles.writable(err, "qm catalog import", "--out", this.out)) {
                return Main.USAGE;
            }
            List<Path> files = new ArrayList<>();
            for (Path input : inputs) {
                if (Files.isDirectory(input)) {
                    try (Stream<Path> list = Files.list(input)) {
                        list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().forEach(files::add);
                    } catch (IOException e) {
                        err.println("qm catalog import: cannot list " + input + ": " + e.getMessage());
                        return Main.INVALID;
                    }
                } else if (Files.isRegularFile(input)) {
                    files.add(input);
                } else {
                    err.println("qm catalog import: " + input + " is not a file or directory");
                    return Main.INVALID;
                }
            }
            if (files.isEmpty()) {
                err.println("qm catalog import: no .csv file in " + inputs);
                return Main.INVALID;
            }
            CatalogImport catalog;
            try {
                catalog = CatalogImport.of(files, new CatalogImport.Options(new LinkedHashSet<>(accelerators),
                        new LinkedHashSet<>(regions), maxGpus, 15, 10, interruptions));
            } catch (CatalogFormatException | UncheckedIOException e) {
                err.println("qm catalog import: " + e.getMessage());
                return Main.INVALID;
            }
            if (this.out != null) {
                if (catalog.pools().isEmpty()) {
                    err.println("qm catalog import: no pool to write: no row was imported");
                    return Main.INVALID;
                }
                try {
                    Files.writeString(this.out, header(catalog, files) + FleetWriter.write(catalog.fleet(), comments(catalog)));
                } catch (IOException e) {
                    err.println("qm catalog import: cannot write " + this.out + ": " + e.getMessage());
                    return Main.INVALID;
                }
            }
            ImportView view = view(catalog, this.out);
            if (output.json()) {
                out.println(Output.toJson(view));
            } else {
                out.print(render(view));
            }
            out.flush();
            return 0;
        }
    }

    static ImportView view(CatalogImport catalog, Path out) {
        Map<String, List<CatalogPool>> byType = new java.util.TreeMap<>();
        catalog.pools().forEach(p -> byType.computeIfAbsent(p.accelerator(), k -> new ArrayList<>()).add(p));
        List<AcceleratorView> types = new ArrayList<>();
        byType.forEach((type, pools) -> {
            Comparator<CatalogPool> cheapest = Comparator.comparingDouble(CatalogPool::pricePerGpuHour);
            types.add(new AcceleratorView(type, (int) pools.stream().filter(p -> !p.spot()).count(),
                    (int) pools.stream().filter(CatalogPool::spot).count(),
                    pools.stream().filter(p -> !p.spot()).min(cheapest).orElse(null),
                    pools.stream().filter(CatalogPool::spot).min(cheapest).orElse(null)));
        });
        int spot = (int) catalog.pools().stream().filter(CatalogPool::spot).count();
        return new ImportView(catalog.rowsRead(), catalog.rowsImported(), catalog.skipped(), catalog.files(),
                catalog.pools().size() - spot, spot, types, catalog.pools(), out == null ? null : out.toString());
    }

    static String render(ImportView v) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Read %,d rows of %d file(s): %,d imported, %,d skipped; %,d on-demand and %,d spot pools%n",
                v.rowsRead(), v.files().size(), v.rowsImported(), v.rowsRead() - v.rowsImported(), v.onDemandPools(), v.spotPools()));
        Table files = new Table("FILE", "CLOUD", "ROWS", "IMPORTED", "SKIPPED");
        v.files().forEach(f -> files.row(f.file(), f.cloud(), Money.count(f.rows()), Money.count(f.imported()), Money.count(f.skippedRows())));
        s.append('\n').append(files.render());
        Table skipped = new Table("ROWS SKIPPED", "REASON");
        v.skipped().forEach((reason, n) -> skipped.row(Money.count(n), reason));
        if (!skipped.isEmpty()) {
            s.append('\n').append(skipped.render());
        }
        Map<String, Integer> adjusted = new LinkedHashMap<>();
        v.files().forEach(f -> f.adjusted().forEach((what, n) -> adjusted.merge(what, n, Integer::sum)));
        Table adjustedTable = new Table("ROWS ADJUSTED", "WHAT");
        adjusted.forEach((what, n) -> adjustedTable.row(Money.count(n), what));
        if (!adjustedTable.isEmpty()) {
            s.append('\n').append(adjustedTable.render());
        }
        Table types = new Table("ACCELERATOR", "POOLS", "CHEAPEST ON-DEMAND $/GPU-H", "WHERE", "CHEAPEST SPOT $/GPU-H", "WHERE");
        for (AcceleratorView a : v.accelerators()) {
            types.row(a.accelerator(), Money.count(a.onDemandPools() + a.spotPools()), price(a.cheapestOnDemand()),
                    where(a.cheapestOnDemand()), price(a.cheapestSpot()), where(a.cheapestSpot()));
        }
        if (!types.isEmpty()) {
            s.append('\n').append(types.render());
        }
        if (v.out() != null) {
            s.append("\nFleet document: ").append(v.out()).append(" (").append(v.onDemandPools() + v.spotPools()).append(" pools)\n");
        }
        return s.toString();
    }

    private static String price(CatalogPool p) {
        return p == null ? "-" : String.format(Locale.ROOT, "%.2f", p.pricePerGpuHour());
    }

    private static String where(CatalogPool p) {
        return p == null ? "-" : p.cluster() + " " + p.instanceType();
    }

    private static String header(CatalogImport catalog, List<Path> files) {
        return "# Made by qm catalog import from " + files.size() + " catalog file(s): " + catalog.rowsRead() + " rows read, "
                + catalog.rowsImported() + " imported.\n"
                + "# One provider per cloud, one cluster per region, per accelerator type the cheapest on-demand and spot\n"
                + "# instance, priced per GPU-hour (instance price / GPUs; GCP: accelerator + host VM of the zone).\n"
                + "# maxNodes (" + catalog.maxGpus() + " GPUs a pool) and spot interruptions (" + catalog.interruptionsPerHour()
                + " per node-hour) are assumptions: the catalog does not give them. memoryGiB: data sheets for well-known\n"
                + "# types, else the least per-GPU memory of the rows' GpuInfo, 1 where it gives none.\n";
    }

    private static java.util.function.Function<PoolRef, String> comments(CatalogImport catalog) {
        Map<PoolRef, String> notes = new HashMap<>();
        catalog.pools().forEach(p -> notes.put(new PoolRef(p.cluster(), p.name()), p.instanceType()));
        return notes::get;
    }

}
