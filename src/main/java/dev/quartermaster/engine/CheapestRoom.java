package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.capacity.Selection;
import dev.quartermaster.engine.policy.VictimOrder;
import dev.quartermaster.workload.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Where stopping the least makes room for a one-replica gang, worked out per node without stopping anyone. On each
 * node of the candidate pools, the candidates running there are taken in the victim order (cheapest first) until the
 * node has room for the gang's GPUs per node; the node's price is the last one it needs. The room chosen is the node
 * (a node gang), or the block or pool with enough such nodes (block and cluster gangs), whose price comes first in
 * the victim order: the room that the shortest prefix of the victim order makes (among rooms of one price, as when a
 * victim spans several nodes, the one whose victims lose less work). Only the victims those nodes need
 * are stopped, never work whose GPUs the gang would not use.
 */
final class CheapestRoom {

    /** One node that stopping some candidates gives room: its pool, the node, the candidates it needs and their lost work. */
    private record Room(PoolState pool, int node, int price, int[] needs, double lost) {}

    /** Rooms by price; among equal prices (one victim on several nodes) the room that loses less work first. */
    private int compare(Room a, Room b) {
        int c = compare(a.price(), b.price());
        return c != 0 ? c : Double.compare(a.lost(), b.lost());
    }

    private final int perNode;
    private final int nodesNeeded;
    private final Topology topology;
    private final VictimOrder.Victim[] costs;
    private final Comparator<VictimOrder.Victim> order;

    private CheapestRoom(Job job, VictimOrder.Victim[] costs, Comparator<VictimOrder.Victim> order) {
        this.perNode = job.workload.gpusPerNode();
        this.topology = job.workload.nodes() == 1 ? Topology.NODE : job.workload.topology();
        this.nodesNeeded = topology == Topology.NODE ? 1 : job.workload.nodes();
        this.costs = costs;
        this.order = order;
    }

    /** Whether the search can pack what it sorts (pools, nodes, candidates, GPUs per node) into its entries. */
    static boolean handles(List<PoolState> pools, int candidates) {
        if (candidates >= 1 << 20) {
            return false;
        }
        for (PoolState pool : pools) {
            if (pool.index() >= 1 << 15 || pool.nodes() >= 1 << 20 || pool.gpusPerNode() > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /**
     * The victims that make room for the job in one of {@code pools}, in the victim order; null when even stopping
     * every candidate makes none. {@code costs[i]} is what stopping {@code candidates.get(i)} costs.
     */
    static List<Job> victims(Job job, List<PoolState> pools, List<Job> candidates, VictimOrder.Victim[] costs,
            Comparator<VictimOrder.Victim> order) {
        return new CheapestRoom(job, costs, order).find(pools, candidates);
    }

    /** Whether candidate {@code a} comes before {@code b}: the victim order, then the order they were found in. */
    private int compare(int a, int b) {
        int c = order.compare(costs[a], costs[b]);
        return c != 0 ? c : Integer.compare(a, b);
    }

    private List<Job> find(List<PoolState> pools, List<Job> candidates) {
        PoolState[] eligible = eligible(pools);
        long[] entries = entries(eligible, candidates);
        List<Room> rooms = new ArrayList<>();
        int from = 0;
        while (from < entries.length) {
            int to = from + 1;
            while (to < entries.length && entries[to] >>> NODE_SHIFT == entries[from] >>> NODE_SHIFT) {
                to++;
            }
            Room room = room(eligible, entries, from, to);
            if (room != null) {
                rooms.add(room);
            }
            from = to;
        }
        List<Room> chosen = switch (topology) {
            case NODE -> rooms.stream().min(this::compare).map(List::of).orElse(null);
            case CLUSTER, BLOCK -> cheapestDomain(rooms);
        };
        return chosen == null ? null : victimsOf(chosen, candidates);
    }

    private PoolState[] eligible(List<PoolState> pools) {
        int size = 0;
        for (PoolState pool : pools) {
            size = Math.max(size, pool.index() + 1);
        }
        PoolState[] eligible = new PoolState[size];
        for (PoolState pool : pools) {
            if (perNode <= pool.gpusPerNode() && (topology != Topology.BLOCK || nodesNeeded <= pool.blockNodes())) {
                eligible[pool.index()] = pool;
            }
        }
        return eligible;
    }

    // An entry packs a pool (16 bits), a node (20), a candidate's index (20) and its GPUs on the node (8), so that one
    // sort of primitives groups the candidates by node.
    private static final int NODE_SHIFT = 28;
    private static final int INDEX_SHIFT = 8;

    /** Per eligible node a candidate runs on (and that is up): the candidate and its GPUs there, sorted by node. */
    private static long[] entries(PoolState[] eligible, List<Job> candidates) {
        long[] entries = new long[64];
        int n = 0;
        for (int i = 0; i < candidates.size(); i++) {
            for (Selection s : candidates.get(i).selections) {
                int p = s.pool().index();
                PoolState pool = p < eligible.length ? eligible[p] : null;
                if (pool == null) {
                    continue;
                }
                for (int node : s.nodes()) {
                    if (!pool.isDown(node)) {
                        if (n == entries.length) {
                            entries = Arrays.copyOf(entries, n * 2);
                        }
                        entries[n++] = ((long) p << 48) | ((long) node << NODE_SHIFT) | ((long) i << INDEX_SHIFT) | s.gpusPerNode();
                    }
                }
            }
        }
        entries = Arrays.copyOf(entries, n);
        Arrays.sort(entries);
        return entries;
    }

    /** The room that the candidates on one node (entries [from, to)) make there, or null when they make none. */
    private Room room(PoolState[] eligible, long[] entries, int from, int to) {
        PoolState pool = eligible[(int) (entries[from] >>> 48)];
        int node = (int) ((entries[from] >>> NODE_SHIFT) & 0xFFFFF);
        int free = pool.free(node);
        if (free >= perNode) {
            return null;   // room without stopping anyone: counted with the pool's free nodes
        }
        // Each candidate once: a service's replicas on one node are entries of the same candidate (adjacent, as the
        // entries sort by candidate within a node), and gpusOf already adds up all of them.
        Integer[] here = new Integer[to - from];
        int distinct = 0;
        for (int e = from; e < to; e++) {
            int candidate = (int) ((entries[e] >>> INDEX_SHIFT) & 0xFFFFF);
            if (distinct == 0 || here[distinct - 1] != candidate) {
                here[distinct++] = candidate;
            }
        }
        here = Arrays.copyOf(here, distinct);
        Arrays.sort(here, this::compare);
        for (int k = 0; k < here.length; k++) {
            free += gpusOf(entries, from, to, here[k]);
            if (free >= perNode) {
                int[] needs = new int[k + 1];
                double lost = 0;
                for (int j = 0; j <= k; j++) {
                    needs[j] = here[j];
                    lost += costs[here[j]].lostGpuHours();
                }
                return new Room(pool, node, here[k], needs, lost);
            }
        }
        return null;
    }

    private static int gpusOf(long[] entries, int from, int to, int candidate) {
        int gpus = 0;
        for (int e = from; e < to; e++) {
            if (((entries[e] >>> INDEX_SHIFT) & 0xFFFFF) == candidate) {
                gpus += (int) (entries[e] & 0xFF);
            }
        }
        return gpus;
    }

    /**
     * For a gang of several nodes: per pool (or block), the nodes already free count first, then the cheapest rooms;
     * the domain whose last room needed comes first in the victim order wins.
     */
    private List<Room> cheapestDomain(List<Room> rooms) {
        rooms.sort(this::compare);
        java.util.Map<Long, List<Room>> byDomain = new java.util.LinkedHashMap<>();
        for (Room room : rooms) {   // cheapest first: the first domain to fill is the cheapest one
            long domain = topology == Topology.BLOCK ? ((long) room.pool().index() << 32) | room.pool().blockOf(room.node())
                    : room.pool().index();
            List<Room> taken = byDomain.computeIfAbsent(domain, d -> new ArrayList<>());
            taken.add(room);
            int free = topology == Topology.BLOCK ? room.pool().nodesWithFree(room.pool().blockOf(room.node()), perNode)
                    : room.pool().nodesWithFree(perNode);
            if (free + taken.size() >= nodesNeeded) {
                return taken;
            }
        }
        return null;
    }

    /** The candidates the chosen rooms need, each once, in the victim order. */
    private List<Job> victimsOf(List<Room> chosen, List<Job> candidates) {
        java.util.BitSet needed = new java.util.BitSet(candidates.size());
        for (Room room : chosen) {
            for (int i : room.needs()) {
                needed.set(i);
            }
        }
        Integer[] indexes = needed.stream().boxed().toArray(Integer[]::new);
        Arrays.sort(indexes, this::compare);
        List<Job> victims = new ArrayList<>(indexes.length);
        for (int i : indexes) {
            victims.add(candidates.get(i));
        }
        return victims;
    }
}
