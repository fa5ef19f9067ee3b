package dev.quartermaster.cli;

import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.engine.policy.Policy;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.Faults;
import dev.quartermaster.sim.JobRecord;
import dev.quartermaster.sim.Simulation;
import dev.quartermaster.sim.Summary;
import dev.quartermaster.sim.WorkloadSource;
import dev.quartermaster.sim.trace.TraceFormatException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qm compare}: the same workloads under several policies and seeds, one simulation per policy and seed, run in
 * parallel; a table of each policy's results averaged over the seeds with its JCT and cost as ratios to a baseline
 * policy. Each run has its own fleet and source of workloads; a seed gives every policy the same workloads. The output
 * comes in a fixed order (policies as listed, then seeds), whatever order the runs finish in.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares policies and seeds on the same workloads, side by side.",
            "Runs one simulation per policy and seed, in parallel, and prints per policy the mean over the seeds,",
            "with JCT and spend (billed GPU-hours plus idle commitments) as ratios to the baseline policy.",
            "Faults as qm simulate's defaults: spot interruptions, no node failures or outages; 60 s scheduling cycles.",
            "Exit status: 0 done, 1 invalid input, 2 wrong command line."})
final class CompareCommand implements Callable<Integer> {

    private static final Pattern WINDOW = Pattern.compile("(\\d+)-(\\d+)");

    @Mixin
    SimulationInput workloads;

    @Option(names = "--policies", paramLabel = "POLICY", split = ",", defaultValue = "fifo,fair,cost",
            description = "the policies to compare, of fifo, fair, cost and hetero (default ${DEFAULT-VALUE})")
    List<String> policies;

    @Option(names = "--seeds", paramLabel = "SEED", split = ",", defaultValue = "1",
            description = "random seeds; each policy runs once per seed (default ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = "--baseline", paramLabel = "POLICY",
            description = "the policy the ratios are to, one of --policies (default: the first of them)")
    String baseline;

    @Option(names = "--threads", paramLabel = "N", description = "simulations at once (default: the available processors)")
    Integer threads;

    @Option(names = "--window", paramLabel = "FROM-TO",
            description = {"measure completions, JCT and wait only over the workloads FROM to TO-1 in order of arrival,"
                    + " counted from 0 (after --start-at, when given; Gavel's steady state: 4000-5000, its jobs gavel-4000 to gavel-4999); cost, idle"
                    + " commitments and preemptions stay those of the whole run"})
    String window;

    @Option(names = "--per-seed", description = "a row for each seed under each policy's mean")
    boolean perSeed;

    @Mixin
    Output output;

    /** Workloads FROM (inclusive) to TO (exclusive) in order of arrival. */
    record Window(int from, int to) {
        boolean holds(int index) {
            return index >= from && index < to;
        }
    }

    /** What one simulation (a policy and a seed) measured, over the window if there is one. */
    record RunResult(String policy, long seed, String source, int submitted, int completed, Summary.Stats jct,
            Summary.Stats waits, double cost, double idleCommitted, int preemptions, long events, double wallSeconds) {}

    /** A row: one run, or a policy's mean over its runs. */
    record Row(String policy, Long seed, double completed, double meanJctHours, double p50JctHours, double p95JctHours,
            double p99JctHours, double meanWaitHours, double cost, double idleCommittedDollars, double preemptions,
            double jctRatio, double costRatio) {}

    @Override
    public Integer call() {
        PrintWriter out = output.out();
        PrintWriter err = output.err();
        String me = "qm compare: ";
        if (policies.isEmpty() || seeds.isEmpty()) {
            err.println(me + "--policies and --seeds must each name at least one (like --policies fair,cost --seeds 1,2)");
            return Main.USAGE;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : policies) {
            try {
                Policies.byName(name);
            } catch (IllegalArgumentException e) {
                err.println(me + "--policies " + e.getMessage());
                return Main.USAGE;
            }
            if (!names.add(name)) {
                err.println(me + "--policies names " + name + " twice");
                return Main.USAGE;
            }
        }
        String base = baseline == null ? policies.get(0) : baseline;
        if (!names.contains(base)) {
            err.println(me + "--baseline '" + base + "' is not one of --policies (" + String.join(", ", names) + ")");
            return Main.USAGE;
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            err.println(me + "--seeds names a seed twice: " + seeds);
            return Main.USAGE;
        }
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1) {
            err.println(me + "--threads must be at least 1");
            return Main.USAGE;
        }
        if (!(workloads.jobsPerHour > 0)) {
            err.println(me + "--jobs-per-hour must be more than 0");
            return Main.USAGE;
        }
        Window win = null;
        if (window != null) {
            Matcher m = WINDOW.matcher(window);
            if (!m.matches() || Long.parseLong(m.group(1)) >= Long.parseLong(m.group(2))
                    || Long.parseLong(m.group(2)) > Integer.MAX_VALUE) {
                err.println(me + "--window must be FROM-TO with 0 <= FROM < TO, like 4000-5000, not '" + window + "'");
                return Main.USAGE;
            }
            win = new Window(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        // Read the input once up front, so that a wrong command line or document stops before any run.
        try {
            SimulationInput.Input first = workloads.input(seeds.get(0), err);
            if (first == null) {
                return Main.USAGE;
            }
            if (!first.problems().isEmpty()) {
                first.problems().forEach(err::println);
                return Main.INVALID;
            }
            first.source().close();
        } catch (TraceFormatException e) {
            err.println(me + e.getMessage() + workloads.lenientHint(e));
            return Main.INVALID;
        } catch (UncheckedIOException e) {
            err.println(me + e.getMessage());
            return Main.INVALID;
        }

        List<String> order = List.copyOf(names);
        int total = order.size() * seeds.size();
        AtomicInteger finished = new AtomicInteger();
        long wallStart = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threadCount, total), daemonThreads());
        List<Future<RunResult>> futures = new ArrayList<>();
        final Window measured = win;
        try {
            for (String policy : order) {
                for (long seed : seeds) {
                    futures.add(pool.submit(() -> {
                        RunResult r = run(policy, seed, measured, err);
                        synchronized (err) {
                            err.println(String.format(Locale.ROOT, "[%d/%d] %s seed %d: %,d events in %.1f s, mean JCT %s h",
                                    finished.incrementAndGet(), total, policy, seed, r.events(), r.wallSeconds(),
                                    hours(r.jct().mean())));
                            err.flush();
                        }
                        return r;
                    }));
                }
            }
            List<RunResult> results = new ArrayList<>();
            for (Future<RunResult> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof TraceFormatException t) {
                        err.println(me + t.getMessage() + workloads.lenientHint(t));
                        return Main.INVALID;
                    }
                    if (cause instanceof UncheckedIOException u) {
                        err.println(me + u.getMessage());
                        return Main.INVALID;
                    }
                    throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            err.println(String.format(Locale.ROOT, "%d runs on %d thread(s) in %.1f s", total, Math.min(threadCount, total),
                    (System.nanoTime() - wallStart) / 1e9));
            err.flush();
            List<Row> means = new ArrayList<>();
            List<Row> all = rows(order, base, results, means);
            if (output.json()) {
                out.println(Output.toJson(json(base, win, results, means, all)));
            } else {
                out.print(render(base, win, results, perSeed ? all : means));
            }
            out.flush();
            return 0;
        } finally {
            pool.shutdownNow();
        }
    }

    private RunResult run(String policyName, long seed, Window win, PrintWriter err) {
        SimulationInput.Input input = workloads.input(seed, err);
        Policy policy = Policies.byName(policyName);
        WindowSource source = new WindowSource(input.source(), win);
        List<Double> jct = new ArrayList<>();
        List<Double> wait = new ArrayList<>();
        int[] completed = {0};
        Simulation.Options options = new Simulation.Options(seed, Simulation.DEFAULT_TICK, Faults.SPOT_ONLY, null);
        Summary summary;
        try {
            summary = new Simulation(input.fleet(), policy, source, workloads.start, options, record -> {
                if (win == null || source.inWindow.contains(record.id())) {
                    if (record.outcome().equals("succeeded")) {
                        completed[0]++;
                        jct.add(record.jct() / 3600);
                    }
                    if (!Double.isNaN(record.waitSeconds())) {
                        wait.add(record.waitSeconds() / 3600);
                    }
                }
            }).run(line -> {
                synchronized (err) {
                    err.println("... " + policyName + " seed " + seed + ": " + line);
                    err.flush();
                }
            });
        } finally {
            source.close();
        }
        Summary.Stats jctStats = win == null ? summary.jctHours() : stats(jct);
        Summary.Stats waitStats = win == null ? summary.waitHours() : stats(wait);
        return new RunResult(policyName, seed, summary.source(), win == null ? summary.submitted() : source.inWindow.size(),
                win == null ? summary.completed() : completed[0], jctStats, waitStats, summary.spend(),
                summary.idleCommittedDollars(), summary.preemptions(), summary.events(), summary.wallSeconds());
    }

    private static Summary.Stats stats(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return Summary.Stats.of(v, v.length);
    }

    /** The ids of the workloads whose index in order of arrival is in the window, as the simulation reads them. */
    private static final class WindowSource implements WorkloadSource {
        private final WorkloadSource source;
        private final Window window;
        final Set<String> inWindow = new HashSet<>();
        private int index;

        WindowSource(WorkloadSource source, Window window) {
            this.source = source;
            this.window = window;
        }

        @Override
        public boolean hasNext() {
            return source.hasNext();
        }

        @Override
        public Arrival next() {
            Arrival next = source.next();
            if (window != null && window.holds(index)) {
                inWindow.add(next.id());
            }
            index++;
            return next;
        }

        @Override
        public String name() {
            return source.name();
        }

        @Override
        public Map<String, Integer> skipped() {
            return source.skipped();
        }

        @Override
        public void close() {
            source.close();
        }
    }

    /** Every row in order (per policy its mean, then its seeds); the means alone go to {@code means}. */
    private List<Row> rows(List<String> order, String base, List<RunResult> results, List<Row> means) {
        List<Row> all = new ArrayList<>();
        List<RunResult> baseRuns = results.stream().filter(r -> r.policy().equals(base)).toList();
        Row baseMean = mean(base, baseRuns, Double.NaN, Double.NaN);
        for (String policy : order) {
            List<RunResult> runs = results.stream().filter(r -> r.policy().equals(policy)).toList();
            Row m = mean(policy, runs, baseMean.meanJctHours(), baseMean.cost());
            means.add(m);
            all.add(m);
            for (RunResult r : runs) {
                RunResult b = baseRuns.stream().filter(x -> x.seed() == r.seed()).findFirst().orElseThrow();
                all.add(row(r, b.jct().mean(), b.cost()));
            }
        }
        return all;
    }

    private static Row row(RunResult r, double baseJct, double baseCost) {
        return new Row(r.policy(), r.seed(), r.completed(), r.jct().mean(), r.jct().p50(), r.jct().p95(), r.jct().p99(),
                r.waits().mean(), r.cost(), r.idleCommitted(), r.preemptions(), ratio(r.jct().mean(), baseJct),
                ratio(r.cost(), baseCost));
    }

    private static Row mean(String policy, List<RunResult> runs, double baseJct, double baseCost) {
        double jct = avg(runs, r -> r.jct().mean());
        double cost = avg(runs, RunResult::cost);
        return new Row(policy, null, avg(runs, RunResult::completed), jct, avg(runs, r -> r.jct().p50()),
                avg(runs, r -> r.jct().p95()), avg(runs, r -> r.jct().p99()), avg(runs, r -> r.waits().mean()), cost,
                avg(runs, RunResult::idleCommitted), avg(runs, RunResult::preemptions), ratio(jct, baseJct),
                ratio(cost, baseCost));
    }

    private static double avg(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
        double sum = 0;
        for (RunResult r : runs) {
            sum += f.applyAsDouble(r);
        }
        return sum / runs.size();
    }

    private static double ratio(double value, double base) {
        return base > 0 && Double.isFinite(base) && Double.isFinite(value) ? value / base : Double.NaN;
    }

    private String render(String base, Window win, List<RunResult> results, List<Row> rows) {
        StringBuilder text = new StringBuilder();
        RunResult first = results.get(0);
        text.append(String.format(Locale.ROOT, "Compared %s on %s, seed%s %s; ratios to %s%s%n",
                String.join(", ", rows.stream().map(Row::policy).distinct().toList()), sourceName(first),
                seeds.size() == 1 ? "" : "s", seeds.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse(""),
                base, seeds.size() == 1 ? "" : perSeed ? "; policy rows are means over the seeds" : "; means over the seeds"));
        text.append("Spend: the GPU-hours billed plus the commitments paid for and left idle\n");
        if (win != null) {
            text.append(String.format(Locale.ROOT,
                    "Completions, JCT and wait over the workloads %,d to %,d in order of arrival (%,d of them);"
                            + " spend, idle commitments and preemptions over the whole run%n",
                    win.from(), win.to() - 1, first.submitted()));
        }
        List<String> header = new ArrayList<>(List.of("POLICY"));
        if (perSeed) {
            header.add("SEED");
        }
        header.addAll(List.of("COMPLETED", "MEAN JCT H", "JCT VS " + base.toUpperCase(Locale.ROOT), "P95 JCT H",
                "MEAN WAIT H", "SPEND", "SPEND VS " + base.toUpperCase(Locale.ROOT), "OF IT IDLE COMMITTED", "PREEMPTIONS"));
        Table table = new Table(header.toArray(String[]::new));
        for (Row r : rows) {
            List<Object> cells = new ArrayList<>();
            cells.add(r.seed() == null || !perSeed ? r.policy() : "");
            if (perSeed) {
                cells.add(r.seed() == null ? (seeds.size() == 1 ? "" : "mean") : r.seed());
            }
            cells.addAll(List.of(count(r.completed()), hours(r.meanJctHours()), times(r.jctRatio()), hours(r.p95JctHours()),
                    hours(r.meanWaitHours()), Money.dollars(r.cost()), times(r.costRatio()),
                    Money.dollars(r.idleCommittedDollars()), count(r.preemptions())));
            table.row(cells.toArray());
        }
        text.append(table.render());
        return text.toString();
    }

    /** The source's name without its seed: "gavel (5,000 single-GPU jobs at 2.00/h)". */
    private static String sourceName(RunResult r) {
        return r.source().replaceFirst(",? seed " + r.seed() + "\\)( from [^()]* in)?$", ")$1");
    }

    private static String count(double n) {
        return Double.isNaN(n) ? "-" : n == Math.rint(n) ? Money.count((long) n) : String.format(Locale.ROOT, "%,.1f", n);
    }

    private static String hours(double h) {
        return Double.isNaN(h) ? "-" : String.format(Locale.ROOT, "%.2f", h);
    }

    private static String times(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /** The JSON document: the comparison, each policy's mean and each run; no wall times, so that it is deterministic. */
    record Json(String source, List<Long> seeds, String baseline, Window window, List<PolicyJson> policies) {}

    record PolicyJson(String policy, Measures mean, List<Measures> runs) {}

    record Measures(Long seed, Double completed, Double meanJctHours, Double p50JctHours, Double p95JctHours,
            Double p99JctHours, Double meanWaitHours, Double cost, Double idleCommittedDollars, Double preemptions,
            Double jctRatio, Double costRatio) {
        static Measures of(Row r) {
            return new Measures(r.seed(), n(r.completed()), n(r.meanJctHours()), n(r.p50JctHours()), n(r.p95JctHours()),
                    n(r.p99JctHours()), n(r.meanWaitHours()), n(r.cost()), n(r.idleCommittedDollars()), n(r.preemptions()),
                    n(r.jctRatio()), n(r.costRatio()));
        }

        /** JSON has no NaN: null instead. */
        private static Double n(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    private Json json(String base, Window win, List<RunResult> results, List<Row> means, List<Row> all) {
        List<PolicyJson> policyJson = new ArrayList<>();
        for (Row m : means) {
            policyJson.add(new PolicyJson(m.policy(), Measures.of(m),
                    all.stream().filter(r -> r.seed() != null && r.policy().equals(m.policy())).map(Measures::of).toList()));
        }
        return new Json(sourceName(results.get(0)), List.copyOf(seeds), base,
                win, policyJson);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "qm-compare-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
