package dev.quartermaster.engine;

import dev.quartermaster.engine.admission.QuotaCheck;
import dev.quartermaster.engine.capacity.Gangs;
import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.policy.Filter;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Workload;
import java.util.ArrayList;
import java.util.List;

/** Says, per pool of the fleet, why a workload does not run there now, in words a person understands. */
final class Explainer {

    private final State state;
    private final Admissibility admissibility;

    Explainer(State state, Admissibility admissibility) {
        this.state = state;
        this.admissibility = admissibility;
    }

    List<String> explain(Job job) {
        List<String> lines = new ArrayList<>();
        switch (job.state) {
            case RUNNING -> {
                job.placements.forEach(p -> lines.add("running in " + p.pool() + " on " + p.nodes().size() + " node(s) of "
                        + p.accelerator() + " since " + job.runningSince));
                return lines;
            }
            case PENDING -> {
                lines.add("pending: " + job.verdict.summary());
                if (job.failedPreemptionSearches > 0) {
                    java.time.Instant next = java.time.Instant.ofEpochMilli(job.noPreemptionSearchBefore);
                    lines.add("preemption: " + job.failedPreemptionSearches + " search" + (job.failedPreemptionSearches == 1 ? "" : "es")
                            + " since it last ran found no running work it may stop (lower priority, work that may run"
                            + " elsewhere, or quota its team lent) that would make it fit"
                            + (job.preemptionLimit == null ? "" : " (" + job.preemptionLimit + ")") + "; "
                            + (state.now().isBefore(next) ? "the next is not before " + next : "it may search again"));
                }
            }
            default -> {
                return Engine.explainEnded(job.state, job.verdict);
            }
        }
        Workload w = job.workload;
        Team team = state.fleet.teams().get(job.team);
        for (PoolState pool : state.pools) {
            lines.add(pool.ref() + ": " + reason(job, w, team, pool));
        }
        return lines;
    }

    private String reason(Job job, Workload w, Team team, PoolState pool) {
        Filter.Input input = admissibility.input(w, team, pool, state.healthy(pool));
        for (Filter filter : state.policy.filters()) {
            String rejected = filter.reject(input);
            if (rejected != null) {
                return rejected;
            }
        }
        String accelerator = pool.site().pool().accelerator();
        int a = state.ledger.accelerator(accelerator);
        QuotaCheck quota = state.policy.admission().check(state.ledger, job.team, a, w.gpus());
        String quotaReason = quota.admitted() ? null : quota.reason() + (quota.outcome() == QuotaCheck.Outcome.RECLAIM
                ? " (it may preempt the borrowers)" : "");
        if (!Gangs.fits(pool, w.nodes(), w.gpusPerNode(), w.topology())) {
            return room(w, pool, accelerator) + (quotaReason == null ? "" : "; " + quotaReason);
        }
        if (quotaReason != null) {
            return quotaReason;
        }
        return "fits now; it is placed at the next scheduling cycle unless work ahead of it takes the room";
    }

    private static String room(Workload w, PoolState pool, String accelerator) {
        int perNode = w.gpusPerNode();
        String where = pool.site().cluster().name();
        if (w.nodes() == 1) {
            int most = 0;
            for (int g = pool.gpusPerNode(); g > 0; g--) {
                if (pool.nodesWithFree(g) > 0) {
                    most = g;
                    break;
                }
            }
            return "no " + accelerator + " node with " + perNode + " free GPUs in " + where + " (the freest node has " + most + ")";
        }
        if (w.topology() == Topology.BLOCK) {
            return "no " + accelerator + " block with " + w.nodes() + " free nodes of " + perNode + " GPUs in " + where
                    + " (the best block has " + pool.largestBlockWithFree(perNode) + ")";
        }
        return "only " + pool.nodesWithFree(perNode) + " " + accelerator + " nodes with " + perNode + " free GPUs in " + where
                + ", the gang needs " + w.nodes();
    }
}
