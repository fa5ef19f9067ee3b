package dev.quartermaster.engine;

import static dev.quartermaster.engine.TestFleets.fleet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random scenarios of preemption for one-replica gangs, checked against a brute-force oracle written here from
 * what the engine exposes (placements, states, decisions) and the workloads' lost work worked out independently.
 *
 * <p>Each seed builds a small fleet (1-3 pools of 2-6 nodes of 8 GPUs, blocks of 2-4 nodes, a node sometimes down),
 * then submits workloads one at a time, each followed by one tick: jobs and services of every shape (1-8 GPUs on one
 * node, 2- to 4-node gangs of 4 or 8 GPUs per node in a block or across a pool, services of several replicas), of
 * random priority and checkpoint period, with time passing and explicit checkpoints in between, so that the work each
 * would lose differs. Whatever does not run after its tick (and whatever was preempted) is cancelled, so every tick
 * decides about exactly one pending workload, against the running work the oracle snapshots just before it. Per tick:
 * <ol>
 *   <li>It runs without preemption when it fits; otherwise it runs after preempting if and only if stopping every
 *       running workload of lower priority would give it room (all its nodes in one domain: a node, a block, a pool);
 *       otherwise nothing is preempted and it stays pending.</li>
 *   <li>Every victim has lower priority, is costed as the oracle costs it, and held GPUs on a node the preemptor now
 *       occupies.</li>
 *   <li>The victims are a subset of the oracle's cheapest room (per node, candidates in the victim order until it has
 *       room; the node, block or pool whose last needed victim comes first), so they lose no more work; and they are
 *       minimal: restoring any one of the (up to {@link Preemptor#MAX_PRUNE}) costliest leaves no room anywhere.</li>
 *   <li>The invariants hold after every event (the Harness checks), and the same seed gives the same decisions.</li>
 * </ol>
 * A workload of several replicas (a service) is fill work here: its ticks are checked for invariants and determinism
 * only. The rule of 3 is the one {@link CheapestRoom} documents; it prices each node alone (among nodes of equal
 * price, the one whose victims lose less work first), so where one victim spans several nodes it is not always the
 * least lost work there is, and the test does not claim it is.
 */
class CheapestRoomTest {

    static final int SEEDS = 200;
    static final int GPUS_PER_NODE = 8;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, SEEDS);
    }

    /** What the seeds exercised, counted once per seed (not on the determinism rerun). */
    static final AtomicInteger fitFree = new AtomicInteger();
    static final AtomicInteger preempted = new AtomicInteger();
    static final AtomicInteger preemptedForGangs = new AtomicInteger();
    static final AtomicInteger noRoomEvenByPreempting = new AtomicInteger();

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void preemptionStopsTheCheapestRoomsVictimsAndNoOthers(long seed) {
        String once = new Scenario(seed, true).run();
        assertThat(new Scenario(seed, false).run()).as("seed %d run again", seed).isEqualTo(once);
    }

    @AfterAll
    static void theSeedsCoverEveryOutcome() {
        if (fitFree.get() + preempted.get() + noRoomEvenByPreempting.get() == 0) {
            return;   // the seeds did not run (a filtered run)
        }
        assertThat(preempted.get()).as("ticks that preempted").isGreaterThan(SEEDS);
        assertThat(preemptedForGangs.get()).as("ticks that preempted for a multi-node gang").isGreaterThan(SEEDS / 4);
        assertThat(noRoomEvenByPreempting.get()).as("ticks where preempting could not make room").isGreaterThan(SEEDS / 2);
        assertThat(fitFree.get()).as("ticks where the workload fit without preempting").isGreaterThan(SEEDS);
    }

    /**
     * A service's replicas can share a node: both replicas of "two" (1 GPU each) run beside "big" (6 GPUs, not
     * preemptible) on node 0, which therefore can never free more than 2 GPUs. Nodes 1-4 each run eight one-GPU jobs;
     * at 100 minutes node n's jobs lose 8(n-1)+1, ..., 8(n-1)+8 GPU-minutes. A gang of 4 nodes x 4 GPUs needs the four
     * cheapest jobs of each of nodes 1-4: 16 victims. Counting "two" once per replica made node 0 look like room for 4
     * GPUs (and the cheapest room, "two" losing nothing); that room was not there, so the preemptor fell back to the
     * cheapest prefix of the victim order (29 jobs), and pruning, which tries at most 16, left 4 jobs of node 1 stopped
     * for nothing.
     */
    @Test
    void aVictimWithSeveralReplicasOnOneNodeFreesItsGpusThereOnce() {
        Harness h = new Harness(fleet().provider("own", Tier.IN_HOUSE).cluster("dc", "us-west", "H100", 5, 5, 1.0).done()
                .team("a", "H100", 1_000).build());
        h.submit(TestWorkloads.workload("big").gpus(6).priority(Priority.HIGH).hours(10));
        h.submit(TestWorkloads.workload("two").service().gpus(1).replicas(2).priority(Priority.LOW)
                .checkpointEvery(Duration.ofMinutes(100)));
        for (int i = 0; i < 32; i++) {
            int lostMinutes = i + 1;   // at 100 minutes, a job checkpointing every 100 - L minutes last saved L ago
            h.submit(TestWorkloads.workload("one" + i).gpus(1).priority(Priority.LOW).hours(10)
                    .checkpointEvery(Duration.ofMinutes(100 - lostMinutes)));
        }
        h.tick();
        assertThat(h.engine.placements("two")).extracting(Placement::nodes).containsOnly(List.of(0));
        for (int i = 0; i < 32; i++) {
            assertThat(h.placement("one" + i).nodes()).containsExactly(1 + i / 8);
        }
        h.after(Duration.ofMinutes(100));
        h.submit(TestWorkloads.workload("gang").gpus(16, 4).topology(Topology.CLUSTER).priority(Priority.CRITICAL)).tick();

        assertThat(h.placement("gang").nodes()).containsExactly(1, 2, 3, 4);
        List<String> cheapestFourPerNode = java.util.stream.IntStream.range(0, 32).filter(i -> i % 8 < 4)
                .mapToObj(i -> "one" + i).toList();
        assertThat(h.decisionsOf(Decision.Preempt.class)).extracting(Decision.Preempt::id)
                .containsExactlyInAnyOrderElementsOf(cheapestFourPerNode);
        assertThat(h.state("two")).isEqualTo(WorkloadState.RUNNING);
    }

    // --- one scenario ---

    /** One pool of the fleet as the oracle sees it. */
    record PoolModel(int index, PoolRef ref, int nodes, int blockNodes, boolean[] down) {}

    /** GPUs a running workload holds on one node (a service's replicas may share a node: one entry each). */
    record Held(int pool, int node, int gpus) {}

    /** A running workload as the oracle sees it just before a tick. */
    record Running(String id, int priority, long arrival, long lostGpuMillis, List<Held> held) {
        int gpusOn(int pool, int node) {
            int gpus = 0;
            for (Held h : held) {
                gpus += h.pool() == pool && h.node() == node ? h.gpus() : 0;
            }
            return gpus;
        }

        boolean holdsOn(int pool, int node) {
            return gpusOn(pool, node) > 0;
        }
    }

    /** The victim order of the default policy: least work lost (GPUs x time since saved), then most recently arrived. */
    static final Comparator<Running> VICTIM_ORDER = Comparator.comparingLong(Running::lostGpuMillis)
            .thenComparing(Comparator.comparingLong(Running::arrival).reversed());

    /** What one submitted workload needs: nodes of GPUs per node, in one node, one block or one pool. */
    record Gang(int nodes, int perNode, Topology topology) {}

    static final class Scenario {
        final long seed;
        final boolean count;
        final SplittableRandom random;
        final List<PoolModel> pools = new ArrayList<>();
        final Map<PoolRef, PoolModel> poolByRef = new HashMap<>();
        final Harness h;
        /** Every workload submitted, with its arrival (submission order, as the engine numbers them). */
        final Map<String, Workload> workloads = new LinkedHashMap<>();
        final Map<String, Long> arrival = new HashMap<>();
        /** The last explicit checkpoint of each workload, epoch ms. */
        final Map<String, Long> checkpointAt = new HashMap<>();

        Scenario(long seed, boolean count) {
            this.seed = seed;
            this.count = count;
            this.random = new SplittableRandom(seed);
            var builder = fleet().provider("own", Tier.IN_HOUSE);
            int poolCount = 1 + random.nextInt(3);
            for (int p = 0; p < poolCount; p++) {
                int nodes = 2 + random.nextInt(5);
                int blockNodes = Math.min(nodes, 2 + random.nextInt(3));
                builder.cluster("c" + p, "us-west", "H100", nodes, blockNodes, 1.0);
                PoolRef ref = PoolRef.parse("pool", "c" + p + "/h100");
                PoolModel pool = new PoolModel(p, ref, nodes, blockNodes, new boolean[nodes]);
                pools.add(pool);
                poolByRef.put(ref, pool);
            }
            Fleet fleet = builder.done().team("a", "H100", 1_000_000).build();
            assertThat(fleet.sites()).extracting(s -> s.ref()).containsExactlyElementsOf(pools.stream().map(PoolModel::ref).toList());
            this.h = new Harness(fleet);
        }

        String run() {
            if (random.nextInt(10) < 3) {
                PoolModel pool = pools.get(random.nextInt(pools.size()));
                int node = random.nextInt(pool.nodes());
                h.apply(new Event.NodeDown(pool.ref(), node));
                pool.down()[node] = true;
            }
            int nodes = pools.stream().mapToInt(PoolModel::nodes).sum();
            int steps = 3 * nodes + 6;
            for (int step = 0; step < steps; step++) {
                h.after(Duration.ofSeconds(1 + random.nextInt(1800)));
                if (random.nextInt(4) == 0) {
                    checkpointSomeone();
                }
                String id = "w" + step;
                Workload w = randomWorkload(id, step >= steps - 4);
                Map<String, Running> before = snapshot();
                arrival.put(id, (long) arrival.size());
                workloads.put(id, w);
                h.submit(id, w);
                List<Decision> out = h.tick();
                check(step, id, w, before, out);
                cancelWhateverIsPending();
            }
            StringBuilder log = new StringBuilder();
            h.decisions.forEach(d -> log.append(d).append('\n'));
            return log.toString();
        }

        /** Fill work of every shape and priority; towards the end, mostly gangs and important work. */
        Workload randomWorkload(String id, boolean late) {
            int[] priorities = {Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL};
            int priority = late ? priorities[2 + random.nextInt(2)] : priorities[random.nextInt(10) < 4 ? 0 : random.nextInt(4)];
            TestWorkloads w = TestWorkloads.workload(id).priority(priority).hours(100);
            int shape = random.nextInt(late ? 5 : 10);
            switch (shape) {
                case 0, 1 -> w.gpus(new int[] {1, 2, 4, 8}[random.nextInt(4)]);
                case 2 -> w.gpus(8 * (2 + random.nextInt(3)), 8).topology(Topology.BLOCK);
                case 3 -> w.gpus(4 * (2 + random.nextInt(3)), 4).topology(random.nextBoolean() ? Topology.BLOCK : Topology.CLUSTER);
                case 4 -> w.gpus(8 * (2 + random.nextInt(3)), 8).topology(Topology.CLUSTER);
                case 5 -> w.gpus(16, 8).topology(random.nextBoolean() ? Topology.BLOCK : Topology.CLUSTER);
                case 6 -> w.service().gpus(new int[] {1, 2, 4}[random.nextInt(3)]).replicas(2 + random.nextInt(2));
                default -> w.gpus(new int[] {1, 1, 2, 2, 4, 8}[random.nextInt(6)]);
            }
            int[] checkpointMinutes = {0, 0, 5, 10, 15, 20, 30, 45, 60, 90};
            int every = checkpointMinutes[random.nextInt(checkpointMinutes.length)];
            if (every > 0) {
                w.checkpointEvery(Duration.ofMinutes(every));
            }
            return w.build();
        }

        void checkpointSomeone() {
            List<String> running = workloads.keySet().stream().filter(id -> h.state(id) == WorkloadState.RUNNING).toList();
            if (!running.isEmpty()) {
                String id = running.get(random.nextInt(running.size()));
                h.apply(new Event.CheckpointTaken(id));
                checkpointAt.put(id, h.clock.instant().toEpochMilli());
            }
        }

        /** Whatever did not get to run, or was preempted, leaves: the next tick decides about its workload alone. */
        void cancelWhateverIsPending() {
            for (String id : workloads.keySet()) {
                if (h.state(id) == WorkloadState.PENDING) {
                    h.apply(new Event.Cancelled(id));
                }
            }
        }

        /** The running work now, with the work each would lose if stopped now, worked out from its placements. */
        Map<String, Running> snapshot() {
            long now = h.clock.instant().toEpochMilli();
            Map<String, Running> running = new LinkedHashMap<>();
            for (var e : workloads.entrySet()) {
                String id = e.getKey();
                if (h.state(id) != WorkloadState.RUNNING) {
                    continue;
                }
                Workload w = e.getValue();
                List<Placement> placements = h.engine.placements(id);
                assertThat(placements).as(id + " placements").hasSize(w.replicas());
                List<Held> held = new ArrayList<>();
                for (Placement p : placements) {
                    assertThat(p.provisioningDelay()).isZero();
                    for (int node : p.nodes()) {
                        held.add(new Held(poolByRef.get(p.pool()).index(), node, p.gpusPerNode()));
                    }
                }
                long start = placements.get(0).decidedAt().toEpochMilli();
                long saved = start;
                Long checkpoint = checkpointAt.get(id);
                if (checkpoint != null && checkpoint >= start) {
                    saved = Math.max(saved, checkpoint);
                }
                if (w.checkpointInterval() != null && now > start) {
                    long every = w.checkpointInterval().toMillis();
                    saved = Math.max(saved, start + (now - start) / every * every);
                }
                long lost = now <= start ? 0 : (long) w.gpus() * w.replicas() * (now - saved);
                running.put(id, new Running(id, w.priority(), arrival.get(id), lost, held));
            }
            return running;
        }

        // --- the oracle ---

        static Gang gangOf(Workload w) {
            return new Gang(w.nodes(), w.gpusPerNode(), w.nodes() == 1 ? Topology.NODE : w.topology());
        }

        /** Free GPUs per node of each pool once {@code stopped} stop; -1 for a node that is down. */
        int[][] freeAfter(Map<String, Running> running, Set<String> stopped) {
            int[][] free = new int[pools.size()][];
            for (PoolModel pool : pools) {
                free[pool.index()] = new int[pool.nodes()];
                for (int n = 0; n < pool.nodes(); n++) {
                    free[pool.index()][n] = pool.down()[n] ? -1 : GPUS_PER_NODE;
                }
            }
            for (Running r : running.values()) {
                if (!stopped.contains(r.id())) {
                    for (Held held : r.held()) {
                        free[held.pool()][held.node()] -= held.gpus();
                        assertThat(free[held.pool()][held.node()]).as("node %d of pool %d", held.node(), held.pool())
                                .isGreaterThanOrEqualTo(0);
                    }
                }
            }
            return free;
        }

        boolean eligible(PoolModel pool, Gang gang) {
            return gang.perNode() <= GPUS_PER_NODE && (gang.topology() != Topology.BLOCK || gang.nodes() <= pool.blockNodes());
        }

        /** The domain (pool, and block or node; -1 for a whole pool) of a node for the gang's topology. */
        static long domainOf(PoolModel pool, int node, Gang gang) {
            long within = switch (gang.topology()) {
                case NODE -> node;
                case BLOCK -> node / pool.blockNodes();
                case CLUSTER -> -1;
            };
            return ((long) pool.index() << 32) | (within & 0xFFFFFFFFL);
        }

        /** Whether the gang fits once {@code stopped} stop: enough nodes with room in one of its domains. */
        boolean fits(Gang gang, Map<String, Running> running, Set<String> stopped) {
            int[][] free = freeAfter(running, stopped);
            for (PoolModel pool : pools) {
                if (!eligible(pool, gang)) {
                    continue;
                }
                Map<Long, Integer> withRoom = new HashMap<>();
                for (int n = 0; n < pool.nodes(); n++) {
                    if (free[pool.index()][n] >= gang.perNode()
                            && withRoom.merge(domainOf(pool, n, gang), 1, Integer::sum) >= gang.nodes()) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** A node that stopping some candidates gives room: the candidates it needs, in the victim order, and the last. */
        record Room(PoolModel pool, int node, List<Running> needs) {
            Running price() {
                return needs.get(needs.size() - 1);
            }
        }

        /**
         * The rule, worked out from scratch: per node without room, its candidates in the victim order until it has
         * room; per domain, its nodes with room count first, then its cheapest rooms; the domain whose last needed room
         * comes first wins (ties: less lost work, then pool and node order). Returns the victims, or null when no domain
         * can be made room in.
         */
        Set<String> cheapestRoom(Gang gang, List<Running> candidates, Map<String, Running> running) {
            int[][] free = freeAfter(running, Set.of());
            List<Room> rooms = new ArrayList<>();
            Map<Long, Integer> freeNodes = new HashMap<>();
            for (PoolModel pool : pools) {
                if (!eligible(pool, gang)) {
                    continue;
                }
                for (int n = 0; n < pool.nodes(); n++) {
                    int room = free[pool.index()][n];
                    if (room < 0) {
                        continue;   // down
                    }
                    if (room >= gang.perNode()) {
                        freeNodes.merge(domainOf(pool, n, gang), 1, Integer::sum);
                        continue;
                    }
                    int node = n;
                    List<Running> here = candidates.stream().filter(c -> c.holdsOn(pool.index(), node))
                            .sorted(VICTIM_ORDER).toList();
                    for (int k = 0; k < here.size(); k++) {
                        room += here.get(k).gpusOn(pool.index(), n);
                        if (room >= gang.perNode()) {
                            rooms.add(new Room(pool, n, here.subList(0, k + 1)));
                            break;
                        }
                    }
                }
            }
            // Stable: among equal prices, less lost work first, then pool and node order.
            rooms.sort(Comparator.comparing(Room::price, VICTIM_ORDER)
                    .thenComparingLong(r -> r.needs().stream().mapToLong(Running::lostGpuMillis).sum()));
            Map<Long, List<Room>> byDomain = new LinkedHashMap<>();
            for (Room room : rooms) {
                long domain = domainOf(room.pool(), room.node(), gang);
                List<Room> taken = byDomain.computeIfAbsent(domain, d -> new ArrayList<>());
                taken.add(room);
                if (freeNodes.getOrDefault(domain, 0) + taken.size() >= gang.nodes()) {
                    Set<String> victims = new HashSet<>();
                    taken.forEach(r -> r.needs().forEach(v -> victims.add(v.id())));
                    return victims;
                }
            }
            return null;
        }

        void check(int step, String id, Workload w, Map<String, Running> before, List<Decision> out) {
            // Worked out only for a failure's message.
            Supplier<String> at = () -> "seed " + seed + ", step " + step + ": " + id + " (" + w.gpus() + " GPUs, "
                    + w.gpusPerNode() + " per node, " + w.topology() + ", priority " + w.priority() + ") in " + describe()
                    + ", decisions " + out + ", running before " + before.values();
            List<Decision.Preempt> preempts = out.stream().filter(Decision.Preempt.class::isInstance)
                    .map(Decision.Preempt.class::cast).toList();
            List<String> victims = preempts.stream().map(Decision.Preempt::id).toList();
            assertThat(preempts).as(at).allSatisfy(p -> assertThat(p.by()).isEqualTo(id));
            assertThat(out.stream().filter(Decision.Requeue.class::isInstance).map(Decision::id).toList()).as(at)
                    .containsExactlyInAnyOrderElementsOf(victims);
            assertThat(out.stream().filter(Decision.Place.class::isInstance).map(Decision::id).toList()).as(at)
                    .isSubsetOf(id);
            if (h.state(id) == WorkloadState.REJECTED) {   // no block or pool of the fleet could ever hold it
                assertThat(out).as(at).isEmpty();
                return;
            }
            if (w.replicas() > 1) {
                return;   // a service's replicas: fill work, whose preemption search is not the one-gang room search
            }
            Gang gang = gangOf(w);
            List<Running> candidates = before.values().stream().filter(r -> r.priority() < w.priority()).toList();
            Set<String> everyCandidate = new HashSet<>(candidates.stream().map(Running::id).toList());

            // 1. It runs without preempting when it fits, after preempting when stopping all lower-priority work makes
            //    room, and otherwise stays pending having stopped nobody.
            if (fits(gang, before, Set.of())) {
                assertThat(h.state(id)).as(at).isEqualTo(WorkloadState.RUNNING);
                assertThat(victims).as(at).isEmpty();
                tally(fitFree);
                return;
            }
            Set<String> rule = cheapestRoom(gang, candidates, before);
            boolean feasible = fits(gang, before, everyCandidate);
            assertThat(rule != null).as(() -> "oracle: the rule finds a room exactly when stopping every candidate makes one; " + at.get())
                    .isEqualTo(feasible);
            if (!feasible) {
                assertThat(victims).as(at).isEmpty();
                assertThat(h.state(id)).as(at).isEqualTo(WorkloadState.PENDING);
                tally(noRoomEvenByPreempting);
                return;
            }
            assertThat(h.state(id)).as(at).isEqualTo(WorkloadState.RUNNING);
            assertThat(victims).as(at).isNotEmpty().doesNotHaveDuplicates();
            tally(preempted);
            if (gang.nodes() > 1) {
                tally(preemptedForGangs);
            }

            // 2. Every victim has lower priority, is costed as the oracle costs it, and held GPUs on the preemptor's nodes.
            assertThat(everyCandidate).as(at).containsAll(victims);
            for (Decision.Preempt p : preempts) {
                assertThat(p.lostGpuHours()).as(() -> at.get() + ": " + p.id() + "'s lost work")
                        .isCloseTo(before.get(p.id()).lostGpuMillis() / 3_600_000.0, Offset.offset(1e-9));
            }
            Placement landing = h.placement(id);
            int pool = poolByRef.get(landing.pool()).index();
            for (String victim : victims) {
                assertThat(landing.nodes().stream().anyMatch(n -> before.get(victim).holdsOn(pool, n)))
                        .as(() -> victim + " held GPUs on none of " + id + "'s nodes " + landing.nodes() + " of pool " + pool + "; " + at.get())
                        .isTrue();
            }

            // 3. The victims are the cheapest room's (pruned), so they lose no more; and none of them could be spared.
            assertThat(rule).as(() -> "the cheapest room's victims " + rule + "; " + at.get()).containsAll(victims);
            long lost = victims.stream().mapToLong(v -> before.get(v).lostGpuMillis()).sum();
            long ruleLost = rule.stream().mapToLong(v -> before.get(v).lostGpuMillis()).sum();
            assertThat(lost).as(at).isLessThanOrEqualTo(ruleLost);
            Set<String> stopped = new HashSet<>(victims);
            assertThat(fits(gang, before, stopped)).as(at).isTrue();
            List<String> costliestFirst = victims.stream().map(before::get).sorted(VICTIM_ORDER.reversed())
                    .map(Running::id).limit(Preemptor.MAX_PRUNE).toList();
            for (String victim : costliestFirst) {
                stopped.remove(victim);
                assertThat(fits(gang, before, stopped)).as(() -> id + " fits without stopping " + victim + "; " + at.get()).isFalse();
                stopped.add(victim);
            }
        }

        String describe() {
            return pools.stream().map(p -> p.ref() + " (" + p.nodes() + " nodes, blocks of " + p.blockNodes() + ", down "
                    + java.util.stream.IntStream.range(0, p.nodes()).filter(n -> p.down()[n]).boxed().toList() + ")").toList().toString();
        }

        void tally(AtomicInteger counter) {
            if (count) {
                counter.incrementAndGet();
            }
        }
    }
}
