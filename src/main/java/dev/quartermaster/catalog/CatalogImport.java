package dev.quartermaster.catalog;

import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Cluster;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Spot;
import dev.quartermaster.fleet.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The price catalog turned into pools: for each cloud (a provider), region (a cluster) and accelerator type, the
 * cheapest on-demand offer per GPU-hour as an elastic on-demand pool and the cheapest spot offer as a spot pool. The
 * catalog says nothing of how many GPUs a cloud can give or how often spot is taken back, so those are options.
 *
 * @param maxGpus the most GPUs of each pool (its maxNodes is this over the instance's GPUs, at least 1)
 * @param interruptionsPerHour of every spot pool, per node
 */
public record CatalogImport(List<FileReport> files, List<CatalogRow> rows, List<CatalogPool> pools, int maxGpus,
        int onDemandProvisioningMinutes, int spotProvisioningMinutes, double interruptionsPerHour) {

    /** Clouds sold as hyperscalers; the others in the catalog are GPU clouds (specialized). */
    public static final Set<String> HYPERSCALERS = Set.of("aws", "gcp", "azure", "oci", "ibm");

    /** The options of an import. */
    public record Options(Set<String> accelerators, Set<String> regions, int maxGpus, int onDemandProvisioningMinutes,
            int spotProvisioningMinutes, double interruptionsPerHour) {

        public static Options defaults() {
            return new Options(Set.of(), Set.of(), 512, 15, 10, 0.05);
        }
    }

    /** Reads every file and makes the pools. */
    public static CatalogImport of(List<Path> files, Options options) {
        Predicate<String> accelerators = CatalogReader.oneOf(options.accelerators());
        Predicate<String> regions = CatalogReader.oneOf(options.regions());
        List<FileReport> reports = new ArrayList<>();
        List<CatalogRow> rows = new ArrayList<>();
        for (Path file : files) {
            CatalogReader.Read read = CatalogReader.read(file, accelerators, regions);
            reports.add(read.report());
            rows.addAll(read.rows());
        }
        return new CatalogImport(List.copyOf(reports), List.copyOf(rows), pools(rows), options.maxGpus(),
                options.onDemandProvisioningMinutes(), options.spotProvisioningMinutes(), options.interruptionsPerHour());
    }

    private static List<CatalogPool> pools(List<CatalogRow> rows) {
        Map<String, List<CatalogRow>> groups = new TreeMap<>();
        for (CatalogRow row : rows) {
            groups.computeIfAbsent(row.cloud() + "\u0000" + clean(row.region()) + "\u0000" + row.accelerator(),
                    k -> new ArrayList<>()).add(row);
        }
        List<CatalogPool> pools = new ArrayList<>();
        for (List<CatalogRow> group : groups.values()) {
            cheapest(group, CatalogRow::pricePerGpuHour, false).ifPresent(pools::add);
            cheapest(group, CatalogRow::spotPricePerGpuHour, true).ifPresent(pools::add);
        }
        return List.copyOf(pools);
    }

    private static java.util.Optional<CatalogPool> cheapest(List<CatalogRow> group, ToDoubleFunction<CatalogRow> price, boolean spot) {
        // per GPU, the cheapest to the hundredth of a cent; among equals the largest instance, whose nodes hold larger gangs
        return group.stream().filter(r -> !Double.isNaN(price.applyAsDouble(r)))
                .min(Comparator.<CatalogRow>comparingDouble(r -> round(price.applyAsDouble(r)))
                        .thenComparing(Comparator.comparingInt(CatalogRow::gpus).reversed())
                        .thenComparing(CatalogRow::instanceType))
                .map(r -> new CatalogPool(r.cloud(), HYPERSCALERS.contains(r.cloud()) ? Tier.HYPERSCALER : Tier.SPECIALIZED,
                        trim(r.cloud() + "-" + clean(r.region())), clean(r.region()),
                        trim(r.accelerator().toLowerCase(Locale.ROOT) + (spot ? "-spot" : "-ondemand")), r.accelerator(),
                        r.gpus(), round(price.applyAsDouble(r)), spot, r.instanceType()));
    }

    /** A region as a fleet name: lower case, runs of other characters than letters, digits, '.', '_' as one '-'. */
    static String clean(String region) {
        String clean = region.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]+", "-").replaceAll("^[-._]+|[-._]+$", "");
        return clean.isEmpty() ? "default" : trim(clean);
    }

    private static String trim(String name) {
        return name.length() > 63 ? name.substring(0, 63).replaceAll("[-._]+$", "") : name;
    }

    /** Dollars to the hundredth of a cent. */
    static double round(double dollars) {
        return Math.round(dollars * 10_000) / 10_000.0;
    }

    public int rowsRead() {
        return files.stream().mapToInt(FileReport::rows).sum();
    }

    public int rowsImported() {
        return files.stream().mapToInt(FileReport::imported).sum();
    }

    /** Skipped rows of all files, by reason, most first. */
    public Map<String, Integer> skipped() {
        Map<String, Integer> all = new TreeMap<>();
        files.forEach(f -> f.skipped().forEach((reason, n) -> all.merge(reason, n, Integer::sum)));
        Map<String, Integer> sorted = new LinkedHashMap<>();
        all.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /**
     * The pools as a fleet: the accelerator types (vendor, runtime and memory from data sheets where known, else the
     * least per-GPU memory the rows' GpuInfo gives), one provider per cloud, one cluster per region. No teams.
     */
    public Fleet fleet() {
        Map<String, Integer> memory = new TreeMap<>();
        for (CatalogRow row : rows) {
            if (pools.stream().anyMatch(p -> p.accelerator().equals(row.accelerator()))) {
                memory.merge(row.accelerator(), row.memoryGiB() > 0 ? row.memoryGiB() : Integer.MAX_VALUE, Math::min);
            }
        }
        List<Accelerator> accelerators = new ArrayList<>();
        memory.forEach((name, gib) -> {
            Accelerators.Spec spec = Accelerators.guess(name, gib == Integer.MAX_VALUE ? 1 : Math.min(gib, 4096));
            accelerators.add(new Accelerator(name, spec.vendor(), spec.runtime(), spec.memoryGiB(), 1.0));
        });
        Map<String, Map<String, List<CatalogPool>>> byProvider = new TreeMap<>();
        for (CatalogPool pool : pools) {
            byProvider.computeIfAbsent(pool.provider(), k -> new TreeMap<>()).computeIfAbsent(pool.cluster(), k -> new ArrayList<>()).add(pool);
        }
        List<Provider> providers = new ArrayList<>();
        byProvider.forEach((provider, clusters) -> {
            List<Cluster> list = new ArrayList<>();
            clusters.forEach((cluster, pools) -> list.add(new Cluster(cluster, pools.get(0).region(), pools.stream().map(this::nodePool).toList())));
            providers.add(new Provider(provider, pools.stream().filter(p -> p.provider().equals(provider)).findFirst().orElseThrow().tier(),
                    Set.of(), list, List.of()));
        });
        return new Fleet(accelerators, providers, List.of(), List.of());
    }

    private NodePool nodePool(CatalogPool p) {
        int nodes = Math.max(1, maxGpus / p.gpusPerNode());
        return new NodePool(p.name(), p.accelerator(), nodes, true, p.gpusPerNode(), nodes, p.pricePerGpuHour(),
                Duration.ofMinutes(p.spot() ? spotProvisioningMinutes : onDemandProvisioningMinutes),
                p.spot() ? new Spot(interruptionsPerHour) : null);
    }
}
