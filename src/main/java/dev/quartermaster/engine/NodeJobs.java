package dev.quartermaster.engine;

import java.util.Arrays;
import java.util.List;

/**
 * The running jobs on each node of one pool, in the order they started there: who a node failure stops, whose work a
 * preemption search reads node by node. A node holds a few jobs at most, so each node's jobs are a short array, searched.
 */
final class NodeJobs {

    private static final Job[] NONE = new Job[0];

    private Job[][] jobs;
    private int[] counts;

    NodeJobs(int nodes) {
        jobs = new Job[nodes][];
        Arrays.fill(jobs, NONE);
        counts = new int[nodes];
    }

    /** Adds a job on a node, once however many of its gangs are there. */
    void add(int node, Job job) {
        if (node >= counts.length) {
            int before = counts.length;
            jobs = Arrays.copyOf(jobs, node + 1);
            Arrays.fill(jobs, before, jobs.length, NONE);
            counts = Arrays.copyOf(counts, node + 1);
        }
        Job[] on = jobs[node];
        int n = counts[node];
        for (int i = 0; i < n; i++) {
            if (on[i] == job) {
                return;
            }
        }
        if (n == on.length) {
            on = jobs[node] = Arrays.copyOf(on, Math.max(4, n * 2));
        }
        on[n] = job;
        counts[node] = n + 1;
    }

    /** Takes a job off a node; the others keep their order. */
    void remove(int node, Job job) {
        if (node >= counts.length) {
            return;
        }
        Job[] on = jobs[node];
        int n = counts[node];
        for (int i = 0; i < n; i++) {
            if (on[i] == job) {
                System.arraycopy(on, i + 1, on, i, n - i - 1);
                on[n - 1] = null;
                counts[node] = n - 1;
                return;
            }
        }
    }

    /** How many jobs run on a node. */
    int count(int node) {
        return node < counts.length ? counts[node] : 0;
    }

    /** The {@code i}th job to start on a node of those running there, 0 first. */
    Job job(int node, int i) {
        return jobs[node][i];
    }

    /** The jobs on a node, in start order (a view: copy it before changing what runs there). */
    List<Job> on(int node) {
        return node >= counts.length || counts[node] == 0 ? List.of() : Arrays.asList(jobs[node]).subList(0, counts[node]);
    }
}
