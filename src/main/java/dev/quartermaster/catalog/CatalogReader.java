package dev.quartermaster.catalog;

import dev.quartermaster.format.Unreadable;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one cloud's file of the public price catalog ({@code <cloud>.csv}, SkyPilot's {@code vms.csv} columns). The
 * columns are found by header name (their order differs from cloud to cloud); the cloud is the file's name.
 *
 * <p>Rows are skipped, and counted by reason, when they have no accelerator (GCP's host VM rows: their price is added
 * to the accelerator rows of the same zone), a fractional GPU count (AWS g6f), neither an on-demand nor a spot price
 * (empty or 0), an accelerator or region the filters leave out, an accelerator of no runtime a fleet knows, or a
 * malformed field.
 */
public final class CatalogReader {

    static final String ACCELERATOR = "AcceleratorName";
    static final String COUNT = "AcceleratorCount";
    static final String PRICE = "Price";
    static final String SPOT = "SpotPrice";
    static final String REGION = "Region";
    static final String INSTANCE = "InstanceType";
    static final String ZONE = "AvailabilityZone";
    static final String GPU_INFO = "GpuInfo";
    static final List<String> REQUIRED = List.of(INSTANCE, ACCELERATOR, COUNT, PRICE, SPOT, REGION);

    public static final String HOST_ROW = "host VM row, no accelerator (GCP: its price is added to the accelerator rows of its zone)";
    public static final String NO_ACCELERATOR = "no accelerator";
    public static final String FRACTIONAL = "fractional GPUs per instance";
    public static final String NO_PRICE = "no on-demand or spot price";
    public static final String NOT_SELECTED_ACCELERATOR = "accelerator not selected (--accelerators)";
    public static final String NOT_SELECTED_REGION = "region not selected (--regions)";
    public static final String NO_RUNTIME = "accelerator of no runtime a fleet knows (not CUDA or ROCm)";
    public static final String GPU_ONLY = "GCP: no host VM row for its zone in the catalog, GPU price only";
    public static final String WITH_HOST = "GCP: host VM price of the same zone added";

    private static final Pattern MEMORY = Pattern.compile("SizeInMiB['\"]?\\s*:\\s*'?([0-9.]+)");

    /** The rows imported from a file and what was done with the others. */
    public record Read(List<CatalogRow> rows, FileReport report) {}

    private CatalogReader() {}

    /**
     * Reads {@code file}; keeps rows whose accelerator type (grouped) {@code accelerators} accepts and whose region
     * {@code regions} accepts. Throws {@link CatalogFormatException} when the header lacks a column.
     */
    public static Read read(Path file, Predicate<String> accelerators, Predicate<String> regions) {
        String cloud = file.getFileName().toString().replaceFirst("\\.csv$", "").toLowerCase(Locale.ROOT);
        Map<String, Integer> skipped = new LinkedHashMap<>();
        Map<String, Integer> adjusted = new LinkedHashMap<>();
        List<String[]> accelRows = new ArrayList<>();
        Map<String, double[]> hosts = new HashMap<>();
        Map<String, Integer> col = new HashMap<>();
        int rows = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                throw new CatalogFormatException(file.toString(), 1, "the file is empty; expected a header row");
            }
            List<String> names = CsvLine.split(header.replace("\uFEFF", ""));
            for (int i = 0; names != null && i < names.size(); i++) {
                col.put(names.get(i).trim(), i);
            }
            for (String column : REQUIRED) {
                if (!col.containsKey(column)) {
                    throw new CatalogFormatException(file.toString(), 1, "no column '" + column + "' in the header; a catalog"
                            + " file needs " + String.join(", ", REQUIRED) + " (any order)");
                }
            }
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                rows++;
                List<String> fields = CsvLine.split(line);
                if (fields == null || fields.size() != col.size()) {
                    count(skipped, "malformed row (field count differs from the header's)");
                    continue;
                }
                String[] row = fields.stream().map(String::trim).toArray(String[]::new);
                if (row[col.get(ACCELERATOR)].isEmpty()) {
                    if (cloud.equals("gcp") && !row[col.get(INSTANCE)].isEmpty()) {
                        count(skipped, HOST_ROW);
                        Double price = price(row[col.get(PRICE)]);
                        Double spot = price(row[col.get(SPOT)]);
                        hosts.put(row[col.get(INSTANCE)] + "@" + zone(row, col), new double[] {
                            price == null ? Double.NaN : price, spot == null ? Double.NaN : spot});
                    } else {
                        count(skipped, NO_ACCELERATOR);
                    }
                    continue;
                }
                accelRows.add(row);
            }
        } catch (IOException e) {
            throw Unreadable.file(file, e);
        }
        List<CatalogRow> imported = new ArrayList<>();
        for (String[] row : accelRows) {
            String why = rowProblem(row, col, accelerators, regions);
            if (why != null) {
                count(skipped, why);
                continue;
            }
            String name = row[col.get(ACCELERATOR)];
            String family = Accelerators.family(name);
            int gpus = (int) Double.parseDouble(row[col.get(COUNT)]);
            Double price = price(row[col.get(PRICE)]);
            Double spot = price(row[col.get(SPOT)]);
            if (cloud.equals("gcp") && row[col.get(INSTANCE)].isEmpty()) {
                String host = GcpHosts.hostFor(name, gpus);
                double[] hostPrice = host == null ? null : hosts.get(host + "@" + zone(row, col));
                if (hostPrice == null) {
                    count(adjusted, GPU_ONLY);
                } else {
                    count(adjusted, WITH_HOST);
                    price = plus(price, hostPrice[0]);
                    spot = plus(spot, hostPrice[1]);
                }
            }
            String instance = row[col.get(INSTANCE)].isEmpty() ? name + " x" + gpus : row[col.get(INSTANCE)];
            imported.add(new CatalogRow(cloud, instance, family, gpus, price == null ? Double.NaN : price / gpus,
                    spot == null ? Double.NaN : spot / gpus, row[col.get(REGION)], memoryGiB(row, col, gpus)));
        }
        return new Read(imported, new FileReport(file.toString(), cloud, rows, imported.size(), skipped, adjusted));
    }

    /** Why an accelerator row is not imported, or null when it is. */
    private static String rowProblem(String[] row, Map<String, Integer> col, Predicate<String> accelerators,
            Predicate<String> regions) {
        double count;
        try {
            count = Double.parseDouble(row[col.get(COUNT)]);
        } catch (NumberFormatException e) {
            return "malformed " + COUNT + " (not a number)";
        }
        if (!(count > 0) || count > 64) {
            return "malformed " + COUNT + " (not from 1 to 64)";
        }
        if (count != Math.rint(count)) {
            return FRACTIONAL;
        }
        for (String column : List.of(PRICE, SPOT)) {
            if (!row[col.get(column)].isEmpty() && !isNumber(row[col.get(column)])) {
                return "malformed " + column + " (not a number)";
            }
        }
        if (price(row[col.get(PRICE)]) == null && price(row[col.get(SPOT)]) == null) {
            return NO_PRICE;
        }
        String family = Accelerators.family(row[col.get(ACCELERATOR)]);
        if (family.isEmpty() || !accelerators.test(family)) {
            return NOT_SELECTED_ACCELERATOR;
        }
        if (Accelerators.guess(family, 1) == null) {
            return NO_RUNTIME;
        }
        if (!regions.test(row[col.get(REGION)])) {
            return NOT_SELECTED_REGION;
        }
        if (row[col.get(REGION)].isEmpty()) {
            return "malformed " + REGION + " (empty)";
        }
        return null;
    }

    /** An accelerator's price plus its host's; none without the accelerator's, unchanged without the host's. */
    private static Double plus(Double accelerator, double host) {
        if (accelerator == null || Double.isNaN(host)) {
            return accelerator;
        }
        return accelerator + host;
    }

    private static boolean isNumber(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A price more than 0, or null (empty, 0: Vast's spot column, or not a number). */
    private static Double price(String text) {
        if (text.isEmpty() || !isNumber(text)) {
            return null;
        }
        double value = Double.parseDouble(text);
        return value > 0 ? value : null;
    }

    private static String zone(String[] row, Map<String, Integer> col) {
        Integer zone = col.get(ZONE);
        return zone == null ? row[col.get(REGION)] : row[zone];
    }

    /** Per-GPU memory from GpuInfo when it reads as MiB per GPU (at least 1 GiB), else 0. */
    private static int memoryGiB(String[] row, Map<String, Integer> col, int gpus) {
        Integer info = col.get(GPU_INFO);
        if (info == null) {
            return 0;
        }
        Matcher m = MEMORY.matcher(row[info]);
        if (!m.find()) {
            return 0;
        }
        double mib = Double.parseDouble(m.group(1));
        return mib >= 1024 ? (int) Math.round(mib / 1024) : 0;
    }

    private static void count(Map<String, Integer> counts, String reason) {
        counts.merge(reason, 1, Integer::sum);
    }

    /** Accepts everything when {@code names} is empty, else the names in it (case-insensitive). */
    public static Predicate<String> oneOf(Set<String> names) {
        Set<String> lower = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        return name -> lower.isEmpty() || lower.contains(name.toLowerCase(Locale.ROOT));
    }
}
