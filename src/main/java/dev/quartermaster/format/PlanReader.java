package dev.quartermaster.format;

import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.plan.DemandShare;
import dev.quartermaster.plan.DemandSpec;
import dev.quartermaster.plan.Offer;
import dev.quartermaster.plan.PlanSpec;
import dev.quartermaster.plan.Target;
import dev.quartermaster.plan.Term;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a capacity plan document ({@code qm plan}): the fleet it starts from, the demand, the offers and the
 * constraints. Every problem is located by line and field path, as for fleets and workloads.
 */
public final class PlanReader {

    private final Problems problems;

    private PlanReader(Problems problems) {
        this.problems = problems;
    }

    /** The plan in {@code file}; throws {@link InvalidDocumentException} listing every problem. */
    public static PlanSpec read(Path file) {
        Problems problems = new Problems(file.toString());
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.at(1, 1, "cannot be read: " + e.getMessage());
            throw new InvalidDocumentException(problems.list());
        }
        return read(file, text);
    }

    public static PlanSpec read(Path file, String text) {
        Problems problems = new Problems(file.toString());
        List<Node> roots = Documents.parse(text, Documents.looksLikeJson(file.toString(), text), problems);
        PlanSpec plan = null;
        if (roots.size() != 1 && problems.count() == 0) {
            problems.at(1, 1, "must hold one plan document, not " + roots.size());
        } else if (problems.count() == 0) {
            plan = new PlanReader(problems).plan(roots.get(0), file);
        }
        if (problems.count() > 0 || plan == null) {
            throw new InvalidDocumentException(problems.list());
        }
        return plan;
    }

    private PlanSpec plan(Node root, Path file) {
        int before = problems.count();
        Fields f = new Fields(root, problems, "fleet", "bucketHours", "horizonDays", "demand", "offers", "budget",
                "maxProviderShare", "targets");
        if (!f.isObject()) {
            return null;
        }
        List<String> fleets = fleets(f);
        Integer bucket = f.integer("bucketHours", PlanSpec.BUCKET_HOURS, false);
        Double horizon = f.number("horizonDays", PlanSpec.HORIZON_DAYS, false);
        DemandSpec demand = f.has("demand") ? demand(f.get("demand")) : DemandSpec.asIs();
        List<Offer> offers = new ArrayList<>();
        List<Node> offerNodes = f.list("offers", true, "offers of committed capacity");
        for (Node n : offerNodes == null ? List.<Node>of() : offerNodes) {
            offers.add(offer(n));
        }
        Double budget = f.number("budget", PlanSpec.BUDGET, false);
        Double share = f.number("maxProviderShare", PlanSpec.SHARE, false);
        List<Target> targets = new ArrayList<>();
        for (Node n : f.list("targets", false, "team targets, as in { team: pretrain, waitP95Hours: 4, jctP95Hours: 48 }")) {
            targets.add(target(n));
        }
        Path base = file.toAbsolutePath().getParent();
        return problems.build(root, before, () -> new PlanSpec(fleets.stream().map(x -> base.resolve(x).normalize()).toList(),
                bucket == null ? 24 : bucket, horizon, demand, offers, budget, share, targets));
    }

    /** {@code fleet}: a path, or a list of paths put together. */
    private List<String> fleets(Fields f) {
        String allowed = "the fleet document's path (relative to this file), or a list of them";
        if (f.has("fleet") && f.get("fleet").type() == Node.Type.ARRAY) {
            List<String> paths = new ArrayList<>();
            for (Node item : f.get("fleet").items()) {
                if (item.type() == Node.Type.STRING && !((String) item.value()).isBlank()) {
                    paths.add((String) item.value());
                } else {
                    problems.at(item, "must be " + allowed + ", not " + item.describe());
                }
            }
            if (paths.isEmpty()) {
                problems.at(f.get("fleet"), "must name at least one fleet document");
            }
            return paths;
        }
        String one = f.text("fleet", true, allowed);
        return one == null ? List.of() : List.of(one);
    }

    private DemandSpec demand(Node node) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "scale", "growthPerMonth", "team", "split", "accelerators");
        Double scale = f.number("scale", DemandSpec.SCALE, false);
        Double growth = f.number("growthPerMonth", DemandSpec.GROWTH, false);
        String team = f.name("team", false);
        List<DemandShare> split = new ArrayList<>();
        List<Node> shares = f.list("split", false, "shares, as in { team: research, kind: batch, share: 0.3 }");
        if (team != null && f.has("split")) {
            problems.at(f.get("split"), "give either team (all the demand to one team) or split (shares between teams), not both");
        }
        for (Node n : shares == null ? List.<Node>of() : shares) {
            split.add(share(n));
        }
        Map<String, Double> speeds = new LinkedHashMap<>();
        if (f.has("accelerators")) {
            Node a = f.get("accelerators");
            if (a.type() != Node.Type.OBJECT || a.fields().isEmpty()) {
                problems.at(a, "must map accelerator types to relative speeds, as in { H100: 1.0, H200: 1.3 }, not " + a.describe());
            } else {
                a.fields().forEach((type, speed) -> {
                    Double s = Fields.number(speed, Workload.SPEED, problems);
                    if (!dev.quartermaster.fleet.Names.isValid(type)) {
                        problems.at(speed, "'" + type + "' is not an accelerator name: " + dev.quartermaster.fleet.Names.ALLOWED);
                    } else if (s != null) {
                        speeds.put(type, s);
                    }
                });
            }
        }
        return problems.build(node, before, () -> team != null ? new DemandSpec(scale == null ? 1 : scale, growth == null ? 0 : growth, team,
                speeds) : new DemandSpec(scale == null ? 1 : scale, growth == null ? 0 : growth, split, speeds));
    }

    private DemandShare share(Node node) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "team", "kind", "dataClass", "share");
        String team = f.name("team", true);
        WorkloadKind kind = f.choice("kind", WorkloadKind.class, false);
        DataClass data = f.choice("dataClass", DataClass.class, false);
        Double share = f.number("share", DemandShare.SHARE, true);
        return problems.build(node, before, () -> new DemandShare(team, kind, data, share));
    }

    private Offer offer(Node node) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "name", "provider", "tier", "region", "accelerator", "gpusPerNode", "blockNodes",
                "minGpus", "maxGpus", "leadTimeDays", "terms");
        String name = f.name("name", true);
        String provider = f.name("provider", true);
        Tier tier = f.choice("tier", Tier.class, false);
        String region = f.name("region", true);
        String accelerator = f.name("accelerator", true);
        Integer perNode = f.integer("gpusPerNode", NodePool.GPUS_PER_NODE, false);
        Integer block = f.integer("blockNodes", NodePool.NODES, false);
        Integer min = f.integer("minGpus", Offer.GPUS, false);
        Integer max = f.integer("maxGpus", Offer.GPUS, true);
        Integer lead = f.integer("leadTimeDays", Offer.LEAD_TIME_DAYS, false);
        List<Term> terms = new ArrayList<>();
        List<Node> termNodes = f.list("terms", true, "terms, as in { months: 12, pricePerGpuHour: 2.40 }");
        for (Node n : termNodes == null ? List.<Node>of() : termNodes) {
            int b = problems.count();
            Fields t = new Fields(n, problems, "months", "pricePerGpuHour");
            Integer months = t.integer("months", Term.MONTHS, true);
            Double price = t.number("pricePerGpuHour", dev.quartermaster.fleet.Contract.PRICE_PER_GPU_HOUR, true);
            Term term = problems.build(n, b, () -> new Term(months, price));
            terms.add(term);
        }
        int gpusPerNode = perNode == null ? 8 : perNode;
        return problems.build(node, before, () -> new Offer(name, provider, tier == null ? Tier.SPECIALIZED : tier, region,
                accelerator, gpusPerNode, block == null ? (int) Math.min(NodePool.NODES.max(), Math.max(1, max / gpusPerNode)) : block,
                min == null ? 0 : min, max, lead == null ? 0 : lead, terms));
    }

    private Target target(Node node) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "team", "waitP95Hours", "jctP95Hours");
        String team = f.name("team", true);
        Double wait = f.number("waitP95Hours", Target.HOURS, false);
        Double jct = f.number("jctP95Hours", Target.HOURS, false);
        return problems.build(node, before, () -> new Target(team, wait, jct));
    }

}
