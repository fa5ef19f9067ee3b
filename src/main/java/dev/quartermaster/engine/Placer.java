package dev.quartermaster.engine;

import dev.quartermaster.engine.admission.QuotaCheck;
import dev.quartermaster.engine.capacity.Gangs;
import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.capacity.Selection;
import dev.quartermaster.engine.policy.Offer;
import dev.quartermaster.engine.policy.Policy;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.WorkloadKind;
import dev.quartermaster.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Nominates where a job runs: for each replica, every candidate pool that is healthy, within quota and has room is
 * offered, the policy scores the offers, and the best one wins. All replicas or none. Finding changes nothing: the
 * replicas are taken while the next is sought, and given back before returning.
 */
final class Placer {

    /** The words for "no room", kept: they are the same for every workload of a shape, and asked for often. */
    private record NoRoom(int nodes, int gpusPerNode, boolean oneBlock, String region) {
        String text() {
            return "no candidate pool has room for " + nodes + " node" + (nodes == 1 ? "" : "s") + " of " + gpusPerNode
                    + " free GPUs" + (oneBlock ? " in one block" : "") + (region == null ? "" : " in " + region);
        }
    }

    private final java.util.Map<NoRoom, String> noRoom = new java.util.HashMap<>();

    /** Why no plan was found: capacity (room in pools) or quota; a reclaim means quota lent to others is needed back. */
    enum Block { NONE, CAPACITY, QUOTA, RECLAIM }

    record Plan(List<Selection> selections, List<Offer> offers, int[] accelerators) {}

    private final State state;
    /**
     * Scratch of one {@link #bestOffer} (not reentrant): the quota's answer per accelerator type, the same for every
     * candidate pool of a type, as nothing is taken while the offers are gathered.
     */
    private final QuotaCheck[] quotaByType;
    private Block lastBlock = Block.NONE;
    private String lastReason = "";

    /** Per tier rank, the most the policy's score can give an offer of a pool of that rank ({@link Policy#bound}). */
    private final double[] scoreBound;
    /** Each pool's tier (its ordinal), by pool index: read for every candidate of every search. */
    private final int[] tierOfPool;

    Placer(State state) {
        this.state = state;
        this.quotaByType = new QuotaCheck[state.ledger.accelerators()];
        this.scoreBound = new double[Tier.values().length];
        for (int rank = 0; rank < scoreBound.length; rank++) {
            scoreBound[rank] = state.policy.bound(rank);
        }
        this.tierOfPool = state.pools.stream().mapToInt(pool -> pool.site().tier().ordinal()).toArray();
    }

    Block lastBlock() {
        return lastBlock;
    }

    String lastReason() {
        return lastReason;
    }

    /** The best plan for all replicas of the job, or null (see {@link #lastBlock()}). */
    Plan find(Job job) {
        Workload w = job.workload;
        List<Selection> selections = new ArrayList<>(w.replicas());
        List<Offer> offers = new ArrayList<>(w.replicas());
        int[] accelerators = new int[w.replicas()];
        lastBlock = Block.NONE;
        state.work.placementSearches++;
        try {
            for (int r = 0; r < w.replicas(); r++) {
                String region = w.regions().isEmpty() || w.replicas() == 1 ? null : w.regions().get(r % w.regions().size());
                Offer best = bestOffer(job, region);
                if (best == null) {
                    return null;
                }
                Selection s = best.selection();
                int a = state.accelerator(s.pool());
                s.take();
                state.ledger.add(job.team, a, s.gpus());
                selections.add(s);
                offers.add(best);
                accelerators[r] = a;
            }
            return new Plan(selections, offers, accelerators);
        } finally {
            for (int r = selections.size() - 1; r >= 0; r--) {
                selections.get(r).give();
                state.ledger.remove(job.team, accelerators[r], selections.get(r).gpus());
            }
        }
    }

    private String noRoomText(Workload w, String region) {
        return noRoom.computeIfAbsent(new NoRoom(w.nodes(), w.gpusPerNode(),
                w.topology() == Topology.BLOCK && w.nodes() > 1, region), NoRoom::text);
    }

    /** Per workload kind and data class, the rank of each tier (by ordinal) in the fleet's preference, 0 first. */
    private final int[][][] tierRanks = new int[WorkloadKind.values().length][DataClass.values().length][];

    private int[] tierRanks(Workload w) {
        int[][] byClass = tierRanks[w.kind().ordinal()];
        if (byClass[w.dataClass().ordinal()] == null) {
            List<Tier> tiers = state.fleet.tierPreference(w.kind(), w.dataClass());
            int[] ranks = new int[Tier.values().length];
            for (Tier tier : Tier.values()) {
                ranks[tier.ordinal()] = Math.max(0, tiers.indexOf(tier));
            }
            byClass[w.dataClass().ordinal()] = ranks;
        }
        return byClass[w.dataClass().ordinal()];
    }

    private Offer bestOffer(Job job, String region) {
        Workload w = job.workload;
        Offer best = null;
        PoolState bestPool = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        boolean quotaBlocked = false;
        boolean reclaim = false;
        int[] tierRanks = tierRanks(w);
        Arrays.fill(quotaByType, null);
        state.work.poolsLooked += job.candidates.length;
        for (PoolState pool : job.candidates) {
            // First what the pool could score at most: once an offer is found, most candidates cannot beat it, and
            // nothing more need be asked of them (whether the gang fits there, what the quota says).
            int tierRank = tierRanks[tierOfPool[pool.index()]];
            if (scoreBound[tierRank] <= bestScore) {
                continue;   // it cannot score above the best so far, and a tie keeps the first
            }
            if (!state.healthy(pool) || (region != null && !region.equals(pool.site().cluster().region()))) {
                continue;
            }
            if (!Gangs.fits(pool, w.nodes(), w.gpusPerNode(), w.topology())) {
                continue;
            }
            int a = state.accelerator(pool);
            QuotaCheck quota = quotaByType[a];
            if (quota == null) {
                quota = quotaByType[a] = state.policy.admission().check(state.ledger, job.team, a, w.gpus());
            }
            if (!quota.admitted()) {
                quotaBlocked = true;
                reclaim |= quota.outcome() == QuotaCheck.Outcome.RECLAIM;
                lastReason = quota.reason();
                continue;
            }
            // Offers are scored before nodes are chosen: only the winner's nodes are picked.
            double speed = job.speedOn(a, state);
            long idleCommitted = Pricing.idleCommitted(state, pool);
            Offer offer = new Offer(w, pool.site(), null, speed, Pricing.pricePerGpuHour(pool, w.gpus(), idleCommitted),
                    Pricing.basis(pool, idleCommitted), tierRank,
                    Gangs.fillAfter(pool, w.nodes(), w.gpusPerNode(), w.topology()),
                    state.allocations.preference(job, a), Offer.runHours(job.referenceHours, speed));
            double score = state.policy.score(offer);
            state.work.offersScored++;
            if (score > bestScore) {
                best = offer;
                bestScore = score;
                bestPool = pool;
            }
        }
        if (best != null) {
            best = best.on(Gangs.select(bestPool, w.nodes(), w.gpusPerNode(), w.topology()));
        }
        if (best == null) {
            lastBlock = reclaim ? Block.RECLAIM : quotaBlocked ? Block.QUOTA : Block.CAPACITY;
            if (!quotaBlocked) {
                if (region != null) {
                    lastReason = noRoomText(w, region);
                } else {
                    if (job.noRoomReason == null) {
                        job.noRoomReason = noRoomText(w, null);
                    }
                    lastReason = job.noRoomReason;
                }
            }
        }
        return best;
    }
}
