package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.Gangs;
import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.capacity.Selection;
import dev.quartermaster.engine.policy.VictimOrder;
import dev.quartermaster.workload.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where stopping the least makes room for a one-replica gang, worked out per node without stopping anyone. On each
 * node of the candidate pools, the candidates running there are taken in the victim order (cheapest first) until the
 * node has room for the gang's GPUs per node; the node's price is the last one it needs. The room chosen is the node
 * (a node gang), or the block or pool with enough such nodes (block and cluster gangs), whose price comes first in
 * the victim order: the room that the shortest prefix of the victim order makes (among rooms of one price, as when a
 * victim spans several nodes, the one whose victims lose less work; then the first pool and node). Only the victims
 * those nodes need are stopped, never work whose GPUs the gang would not use.
 *
 * <p>A search first narrows the candidates without costing or sorting them: to those on nodes where stopping all
 * lower-priority work could give room ({@link #nodesThatMayGiveRoom}, from per-node tallies the rosters keep), then to
 * those on nodes where stopping every candidate does, in a block or pool where that makes the gang's room
 * ({@link #useful}). It then reads them in the victim order, sorting only as far as it reads (a heap), and stops at
 * the first candidate that completes the room.
 */
final class CheapestRoom {

    private final int perNode;
    private final int nodesNeeded;
    private final Topology topology;
    /** What stopping each candidate costs; null while only finding the useful ones. */
    private final List<VictimOrder.Victim> costs;
    /** The nodes each candidate holds ({@link #footprint}), by candidate index. */
    private final List<long[]> footprints;
    /** The candidates' order (by index): the victim order, its ties broken ({@link Preemptor}). */
    private final IndexHeap.Order before;
    private final PoolState[] eligible;
    /** Per eligible pool touched so far, what stopping the candidates read so far gives each of its nodes. */
    private final Nodes[] touched;
    private final Scratch scratch;

    private CheapestRoom(Job job, List<PoolState> pools, List<VictimOrder.Victim> costs, List<long[]> footprints,
            IndexHeap.Order before, Scratch scratch) {
        this.perNode = job.workload.gpusPerNode();
        this.topology = topology(job);
        this.nodesNeeded = nodesNeeded(job);
        this.costs = costs;
        this.footprints = footprints;
        this.before = before;
        this.eligible = eligible(job, pools);
        this.touched = new Nodes[eligible.length];
        this.scratch = scratch;
        scratch.pass++;
    }

    private static Topology topology(Job job) {
        return Gangs.effective(job.workload.topology(), job.workload.nodes());
    }

    private static int nodesNeeded(Job job) {
        return topology(job) == Topology.NODE ? 1 : job.workload.nodes();
    }

    /** Whether the pool's nodes and blocks are large enough for the job's gang. */
    private static boolean mayHold(Job job, PoolState pool) {
        return job.workload.gpusPerNode() <= pool.gpusPerNode()
                && (topology(job) != Topology.BLOCK || nodesNeeded(job) <= pool.blockNodes());
    }

    /** Whether every GPU count per node of the pools fits a footprint's entries. */
    static boolean handles(List<PoolState> pools) {
        for (PoolState pool : pools) {
            if (pool.gpusPerNode() > GPUS) {
                return false;
            }
        }
        return true;
    }

    /**
     * Which of the candidates (by index in {@code footprints}, the nodes each holds) may be among the victims: those
     * holding GPUs on a node where stopping every candidate makes room, in a block or pool where it makes the gang's
     * room; no other can be. Null when stopping every candidate makes no room. Found without sorting or costing any
     * candidate, so that a search that fails does neither, and one that does not reads only these.
     */
    static int[] useful(Job job, List<PoolState> pools, List<long[]> footprints, Scratch scratch) {
        return new CheapestRoom(job, pools, null, footprints, null, scratch).useful();
    }

    /**
     * The nodes of a pool where stopping work that holds {@code stoppable[node]} GPUs there (at most; nodes past its
     * end hold none) could give the job's gang room, in a block (block gangs) or pool (cluster gangs) where enough
     * could: with {@code stoppable} at least what the candidates hold, no work on another node of the pool can be
     * among the victims. None when the pool cannot take the gang.
     */
    static int[] nodesThatMayGiveRoom(Job job, PoolState pool, int[] stoppable, Scratch scratch) {
        if (!mayHold(job, pool)) {
            return new int[0];
        }
        int perNode = job.workload.gpusPerNode();
        Topology topology = topology(job);
        int nodesNeeded = nodesNeeded(job);
        int nodes = Math.min(pool.nodes(), stoppable.length);
        if (scratch.rooms.length < nodes) {
            scratch.rooms = new int[nodes];
        }
        int[] rooms = scratch.rooms;
        int count = 0;
        for (int node = 0; node < nodes; node++) {
            int free = pool.free(node);
            if (free < perNode && free + stoppable[node] >= perNode && !pool.isDown(node)) {
                rooms[count++] = node;
            }
        }
        if (topology == Topology.NODE) {
            return Arrays.copyOf(rooms, count);
        }
        if (topology != Topology.BLOCK) {
            return count + pool.nodesWithFree(perNode) >= nodesNeeded ? Arrays.copyOf(rooms, count) : new int[0];
        }
        int[] inBlock = new int[pool.blocks()];
        for (int i = 0; i < count; i++) {
            inBlock[pool.blockOf(rooms[i])]++;
        }
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int block = pool.blockOf(rooms[i]);
            if (inBlock[block] + pool.nodesWithFree(block, perNode) >= nodesNeeded) {
                rooms[kept++] = rooms[i];
            }
        }
        return Arrays.copyOf(rooms, kept);
    }

    /**
     * The victims that make room for the job in one of {@code pools}, in the victim order; null when even stopping
     * every candidate makes none. {@code costs.get(i)} is what stopping {@code candidates.get(i)} costs. The choice is
     * the same whether or not the candidates were first narrowed to the {@link #useful} ones; narrowed, it reads less.
     */
    static List<Job> victims(Job job, List<PoolState> pools, List<Job> candidates, List<VictimOrder.Victim> costs,
            List<long[]> footprints, IndexHeap.Order before, Scratch scratch) {
        return new CheapestRoom(job, pools, costs, footprints, before, scratch).find(candidates);
    }

    // A footprint entry packs a pool's index, a node and the GPUs the job holds there.
    private static final int POOL_SHIFT = 40;
    private static final int NODE_SHIFT = 8;
    private static final int GPUS = 0xFF;
    private static final long[] NOWHERE = new long[0];

    static int poolOf(long held) {
        return (int) (held >>> POOL_SHIFT);
    }

    static int nodeOf(long held) {
        return (int) (held >>> NODE_SHIFT) & Integer.MAX_VALUE;
    }

    static int gpusOf(long held) {
        return (int) (held & GPUS);
    }

    /** A running job's nodes as the search reads them: per selection and node, the pool, the node and the GPUs there. */
    static long[] footprint(List<Selection> selections) {
        if (selections.isEmpty()) {
            return NOWHERE;
        }
        int size = 0;
        for (Selection s : selections) {
            size += s.nodes().length;
        }
        long[] footprint = new long[size];
        int n = 0;
        for (Selection s : selections) {
            if (s.gpusPerNode() <= GPUS) {   // larger nodes: no search reads them (see handles)
                for (int node : s.nodes()) {
                    footprint[n++] = ((long) s.pool().index() << POOL_SHIFT) | ((long) node << NODE_SHIFT) | s.gpusPerNode();
                }
            }
        }
        return n == size ? footprint : Arrays.copyOf(footprint, n);
    }

    private static PoolState[] eligible(Job job, List<PoolState> pools) {
        int size = 0;
        for (PoolState pool : pools) {
            size = Math.max(size, pool.index() + 1);
        }
        PoolState[] eligible = new PoolState[size];
        for (PoolState pool : pools) {
            if (mayHold(job, pool)) {
                eligible[pool.index()] = pool;
            }
        }
        return eligible;
    }

    /** A node the candidates read so far give room, and the work they would lose there. */
    private record Room(PoolState pool, int node, double lost) {}

    /** Rooms one candidate completes, all of its price: less lost work first, then in pool and node order. */
    private static final Comparator<Room> ROOMS_OF_ONE_PRICE = Comparator.comparingDouble(Room::lost)
            .thenComparingInt((Room r) -> r.pool().index()).thenComparingInt(Room::node);

    /**
     * The per-node tallies of searches, kept from one to the next: a search tallies a few nodes of pools of hundreds,
     * and arrays as long as the pools, made and filled anew per search, cost more than the search itself. An entry
     * belongs to the search ({@link #pass}) that last reset it; older ones read as untouched.
     */
    static final class Scratch {
        private int pass;
        /** {@link #nodesThatMayGiveRoom}'s nodes before they are copied out. */
        private int[] rooms = new int[0];
        private Nodes[] byPool = new Nodes[0];

        /** The pool's tallies, those of nodes this search has not touched yet reading as untouched. */
        private Nodes nodes(PoolState pool) {
            int p = pool.index();
            if (p >= byPool.length) {
                byPool = Arrays.copyOf(byPool, Math.max(p + 1, 2 * byPool.length));
            }
            Nodes nodes = byPool[p];
            if (nodes == null || nodes.gpus.length < pool.nodes()) {
                nodes = byPool[p] = new Nodes(pool.nodes());
            }
            return nodes;
        }
    }

    /** Per node of one pool: GPUs the candidates read so far hold there, their lost work, the last one counted. */
    private static final class Nodes {
        final int[] gpus;
        final double[] lost;
        final int[] last;
        /** The read rank of the candidate that gave the node room, -1 while it has none. */
        final int[] madeAt;
        /** Whether the node is one of the room chosen. */
        final boolean[] chosen;
        /** The search each node's entries belong to. */
        final int[] pass;

        Nodes(int nodes) {
            gpus = new int[nodes];
            lost = new double[nodes];
            last = new int[nodes];
            madeAt = new int[nodes];
            chosen = new boolean[nodes];
            pass = new int[nodes];
            Arrays.fill(pass, -1);
        }

        /** Makes the node's entries this search's, reset if they were an earlier one's. */
        void touch(int node, int search) {
            if (pass[node] != search) {
                pass[node] = search;
                gpus[node] = 0;
                lost[node] = 0;
                last[node] = -1;
                madeAt[node] = -1;
                chosen[node] = false;
            }
        }

        /** The read rank at which the node got room in this search, -1 if it has none (or was not touched). */
        int madeAt(int node, int search) {
            return pass[node] == search ? madeAt[node] : -1;
        }
    }

    private List<Job> find(List<Job> candidates) {
        IndexHeap byOrder = new IndexHeap(candidates.size(), before);
        int[] read = new int[candidates.size()];
        Map<Long, List<Room>> byDomain = new HashMap<>();
        List<Room> completed = new ArrayList<>();
        for (int rank = 0; !byOrder.isEmpty(); rank++) {
            int candidate = byOrder.poll();
            read[rank] = candidate;
            completed.clear();
            for (long held : footprints.get(candidate)) {
                Room room = stop(candidate, rank, held);
                if (room != null) {
                    completed.add(room);
                }
            }
            // The rooms this candidate completes share its price: less lost work first, then in pool and node order.
            completed.sort(ROOMS_OF_ONE_PRICE);
            for (Room room : completed) {
                List<Room> chosen = topology == Topology.NODE ? List.of(room) : fill(byDomain, room);
                if (chosen != null) {
                    return victimsOf(chosen, candidates, read, rank);
                }
            }
        }
        return null;
    }

    /** {@link #useful(Job, List, List)}, on a search of its own (what it tallies is not read again). */
    private int[] useful() {
        Map<Long, List<Room>> byDomain = new HashMap<>();
        boolean room = false;
        for (int i = 0; i < footprints.size(); i++) {
            for (long held : footprints.get(i)) {
                Room made = stop(i, 0, held);
                room |= made != null && (topology == Topology.NODE || fill(byDomain, made) != null);
            }
        }
        if (!room) {
            return null;
        }
        int[] useful = new int[footprints.size()];
        int n = 0;
        for (int i = 0; i < footprints.size(); i++) {
            for (long held : footprints.get(i)) {
                if (inRoom(held, byDomain)) {
                    useful[n++] = i;
                    break;
                }
            }
        }
        return Arrays.copyOf(useful, n);
    }

    /** Whether, all candidates stopped, the footprint entry's node has room in a domain that has the gang's room. */
    private boolean inRoom(long held, Map<Long, List<Room>> byDomain) {
        int p = poolOf(held);
        Nodes nodes = p < touched.length ? touched[p] : null;
        int node = nodeOf(held);
        if (nodes == null || nodes.madeAt(node, scratch.pass) < 0) {
            return false;
        }
        if (topology == Topology.NODE) {
            return true;
        }
        PoolState pool = eligible[p];
        return byDomain.get(domain(pool, node)).size() + freeNodes(pool, node) >= nodesNeeded;
    }

    /** The block (block gangs) or pool (cluster gangs) of a node, as a key. */
    private long domain(PoolState pool, int node) {
        return topology == Topology.BLOCK ? ((long) pool.index() << 32) | pool.blockOf(node) : pool.index();
    }

    /** Nodes of the node's domain with room for the gang's GPUs per node already. */
    private int freeNodes(PoolState pool, int node) {
        return topology == Topology.BLOCK ? pool.nodesWithFree(pool.blockOf(node), perNode) : pool.nodesWithFree(perNode);
    }

    /** Stops, in thought, the candidate's GPUs on one node of its footprint; the room it makes there, if it completes one. */
    private Room stop(int candidate, int rank, long held) {
        int p = poolOf(held);
        PoolState pool = p < eligible.length ? eligible[p] : null;
        int node = nodeOf(held);
        if (pool == null || pool.isDown(node) || pool.free(node) >= perNode) {
            return null;   // room without stopping anyone is counted with the pool's free nodes
        }
        Nodes nodes = touched[p] == null ? (touched[p] = scratch.nodes(pool)) : touched[p];
        nodes.touch(node, scratch.pass);
        if (nodes.madeAt[node] >= 0) {
            return null;
        }
        if (nodes.last[node] != candidate) {   // a service's replicas on one node: its lost work counts once
            nodes.last[node] = candidate;
            nodes.lost[node] += costs == null ? 0 : costs.get(candidate).lostGpuHours();   // none while finding what is useful
        }
        nodes.gpus[node] += gpusOf(held);
        if (pool.free(node) + nodes.gpus[node] < perNode) {
            return null;
        }
        nodes.madeAt[node] = rank;
        return new Room(pool, node, nodes.lost[node]);
    }

    /**
     * For a gang of several nodes: adds a room to its block (or pool); the domain's rooms once they and the nodes it
     * already has free are enough, else null.
     */
    private List<Room> fill(Map<Long, List<Room>> byDomain, Room room) {
        List<Room> taken = byDomain.computeIfAbsent(domain(room.pool(), room.node()), d -> new ArrayList<>());
        taken.add(room);
        return freeNodes(room.pool(), room.node()) + taken.size() >= nodesNeeded ? taken : null;
    }

    /**
     * The candidates the chosen rooms need, each once, in the victim order: those read (up to {@code last}) that hold
     * GPUs on a chosen node no later than the candidate that completed it.
     */
    private List<Job> victimsOf(List<Room> chosen, List<Job> candidates, int[] read, int last) {
        for (Room room : chosen) {
            touched[room.pool().index()].chosen[room.node()] = true;
        }
        List<Job> victims = new ArrayList<>();
        for (int rank = 0; rank <= last; rank++) {
            for (long held : footprints.get(read[rank])) {
                int p = poolOf(held);
                Nodes nodes = p < touched.length ? touched[p] : null;
                int node = nodeOf(held);
                if (nodes != null && nodes.pass[node] == scratch.pass && nodes.chosen[node] && rank <= nodes.madeAt[node]) {
                    victims.add(candidates.get(read[rank]));
                    break;
                }
            }
        }
        return victims;
    }
}
