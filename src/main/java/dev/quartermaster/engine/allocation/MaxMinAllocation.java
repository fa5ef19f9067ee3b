package dev.quartermaster.engine.allocation;

import java.util.ArrayList;
import java.util.List;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * Heterogeneity-aware max-min fairness, as Gavel computes it (Narayanan et al., OSDI 2020): the share of time each
 * job spends on each accelerator type, so that the worst-off job's throughput, as a fraction of what it would get on
 * its best type, is as high as it can be. An LP solved with ojAlgo:
 *
 * <pre>
 *   maximise   t + eps * (average normalized throughput)
 *   subject to sum_a T[c][a] / maxT[c] * x[c][a] >= t      for every job class c (normalized throughput)
 *              sum_a x[c][a] <= 1                           for every class (time shares of one job)
 *              sum_c count[c] * gpus[c] * x[c][a] <= cap[a] for every type (capacity)
 *              x >= 0, x[c][a] = 0 where T[c][a] = 0
 * </pre>
 *
 * Jobs with the same GPU count and throughputs form a class with one set of variables: by symmetry and convexity the
 * LP over classes has the same optimum as the LP over jobs (a test checks it), and it stays small for any queue.
 */
public final class MaxMinAllocation {

    /** Breaks ties between max-min optima towards more total throughput. */
    static final double EFFICIENCY_WEIGHT = 1e-3;

    private MaxMinAllocation() {}

    /** {@code count} jobs of {@code gpus} GPUs each, with a throughput per accelerator type (0: cannot run there). */
    public record JobClass(int count, int gpus, double[] throughput) {
        public JobClass {
            if (count < 1 || gpus < 1) {
                throw new IllegalArgumentException("count and gpus must be at least 1, not " + count + " and " + gpus);
            }
            throughput = throughput.clone();
        }

        double best() {
            double best = 0;
            for (double t : throughput) {
                best = Math.max(best, t);
            }
            return best;
        }
    }

    /**
     * @param fairness the worst normalized throughput, 0..1 (t in the LP)
     * @param share share[c][a]: the fraction of time a job of class c spends on type a
     */
    public record Result(double fairness, double[][] share) {

        /** The normalized throughput of a job of class c under this allocation. */
        public double normalizedThroughput(JobClass c, int index) {
            double best = c.best();
            double sum = 0;
            for (int a = 0; a < c.throughput().length; a++) {
                sum += c.throughput()[a] / best * share[index][a];
            }
            return sum;
        }
    }

    public static Result solve(List<JobClass> classes, double[] capacity) {
        int types = capacity.length;
        double[][] share = new double[classes.size()][types];
        List<Integer> runnable = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            if (classes.get(c).throughput().length != types) {
                throw new IllegalArgumentException("class " + c + " has " + classes.get(c).throughput().length
                        + " throughputs for " + types + " accelerator types");
            }
            if (canRun(classes.get(c), capacity)) {
                runnable.add(c);
            }
        }
        if (runnable.isEmpty()) {
            return new Result(0, share);
        }
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        Variable t = model.addVariable("t").lower(0).upper(1).weight(1);
        Variable[][] x = new Variable[classes.size()][types];
        long jobs = runnable.stream().mapToLong(c -> classes.get(c).count()).sum();
        for (int c : runnable) {
            JobClass jc = classes.get(c);
            double best = jc.best();
            Expression fair = model.addExpression("fair" + c).lower(0);
            Expression time = model.addExpression("time" + c).upper(1);
            fair.set(t, -1);
            for (int a = 0; a < types; a++) {
                if (jc.throughput()[a] > 0 && capacity[a] >= jc.gpus()) {
                    double normalized = jc.throughput()[a] / best;
                    x[c][a] = model.addVariable("x" + c + "_" + a).lower(0).upper(1)
                            .weight(EFFICIENCY_WEIGHT * normalized * jc.count() / jobs);
                    fair.set(x[c][a], normalized);
                    time.set(x[c][a], 1);
                }
            }
        }
        for (int a = 0; a < types; a++) {
            Expression cap = model.addExpression("capacity" + a).upper(capacity[a]);
            for (int c : runnable) {
                if (x[c][a] != null) {
                    cap.set(x[c][a], (double) classes.get(c).count() * classes.get(c).gpus());
                }
            }
        }
        Optimisation.Result result = model.maximise();
        if (!result.getState().isFeasible()) {
            throw new IllegalStateException("the allocation LP is " + result.getState() + "; it is always feasible at x = 0");
        }
        for (int c : runnable) {
            for (int a = 0; a < types; a++) {
                if (x[c][a] != null) {
                    share[c][a] = Math.max(0, x[c][a].getValue().doubleValue());
                }
            }
        }
        return new Result(t.getValue().doubleValue(), share);
    }

    private static boolean canRun(JobClass c, double[] capacity) {
        for (int a = 0; a < capacity.length; a++) {
            if (c.throughput()[a] > 0 && capacity[a] >= c.gpus()) {
                return true;
            }
        }
        return false;
    }
}
