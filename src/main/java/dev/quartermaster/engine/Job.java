package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.capacity.Selection;
import dev.quartermaster.engine.policy.QueueOrder;
import dev.quartermaster.workload.Workload;
import java.time.Instant;
import java.util.List;

/** The engine's mutable record of one workload. Confined to the engine's thread. */
final class Job implements QueueOrder.Queued {

    final String id;
    final Workload workload;
    final long arrival;
    final int team;
    /** Pools that pass every static filter, in fleet order. */
    final PoolState[] candidates;
    /** The workload's priority, kept here: queues and indexes compare it far more often than anything else. */
    private final int priority;

    WorkloadState state = WorkloadState.PENDING;
    Verdict verdict = new Verdict.Queued("waiting for the next scheduling cycle");
    /** Wall-clock hours the whole work takes at relative speed 1.0 ({@link Workload#referenceHours()}). */
    final double referenceHours;
    /** Work left, in hours at relative speed 1.0, as of the last checkpoint; infinite for a service. */
    double remainingReferenceHours;

    /** Where it runs, a gang per replica; empty when it does not run. Set with {@link #holds}. */
    List<Selection> selections = List.of();
    /** The nodes it holds GPUs on, packed as {@link CheapestRoom} reads them. */
    private long[] footprint = new long[0];
    List<Placement> placements = List.of();
    int[] acceleratorOfSelection = new int[0];
    double speed;
    /** When the work started running (after provisioning); null when it is not running. */
    Instant runningSince;
    /** {@link #runningSince} and the last explicit checkpoint in epoch ms (NONE when there is none): read per victim. */
    private long runningSinceMillis = NONE;
    private long checkpointMillis = NONE;
    private static final long NONE = Long.MIN_VALUE;
    /** The workload's checkpoint period in ms, 0 when it names none; its GPUs over all replicas. */
    private final long checkpointEveryMillis;
    private final int gpus;

    int preemptions;
    double lostGpuHours;
    /** Searches for victims that found none in a row, and when the next search may run (epoch ms): a backoff. */
    int failedPreemptionSearches;
    long noPreemptionSearchBefore;
    /** What its team's quota kept the last failed preemption search from stopping, in words; null when nothing. */
    String preemptionLimit;
    /** The last preemption search that took it as a candidate: how a search counts each victim once. */
    int seenInSearch;
    /** The team's share, refreshed when the job is a queue head. */
    double share;
    private Allocations.ClassKey classKey;
    Shape shape;
    /** Why it found no room, in words, kept once worked out (the words depend only on its shape). */
    String noRoomReason;
    /** The shape it is parked under while it waits for room; null otherwise. */
    Shape parkedFor;
    /** Its place in the {@link ParkedQueue} it is parked in; -1 when in none. */
    int parkedAt = -1;

    Job(String id, Workload workload, long arrival, int team, PoolState[] candidates) {
        this.id = id;
        this.workload = workload;
        this.arrival = arrival;
        this.team = team;
        this.candidates = candidates;
        this.referenceHours = workload.referenceHours();
        this.remainingReferenceHours = referenceHours;
        this.priority = workload.priority();
        this.checkpointEveryMillis = workload.checkpointInterval() == null ? 0 : workload.checkpointInterval().toMillis();
        this.gpus = workload.gpus() * workload.replicas();
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public long arrival() {
        return arrival;
    }

    @Override
    public double share() {
        return share;
    }

    Allocations.ClassKey classKey(State state) {
        if (classKey == null) {
            classKey = Allocations.keyOf(state, this);
        }
        return classKey;
    }

    /** What room it needs: the engine's one instance of its shape, set on submission. */
    Shape shape() {
        return shape;
    }

    int gpus() {
        return gpus;
    }

    /** The last moment progress was saved: an explicit checkpoint, or the last periodic one, or the start. */
    Instant savedAt(Instant now) {
        if (runningSince == null || now.isBefore(runningSince)) {
            return runningSince == null ? now : runningSince;
        }
        return Instant.ofEpochMilli(savedAtMillis(now.toEpochMilli()));
    }

    /** {@link #savedAt} in epoch milliseconds, for a job running since before {@code now}. */
    private long savedAtMillis(long now) {
        return savedAtMillis(now, runningSinceMillis, checkpointMillis, checkpointEveryMillis);
    }

    /** When progress was last saved, for work running since {@code since} (before {@code now}), in epoch ms. */
    private static long savedAtMillis(long now, long since, long checkpoint, long every) {
        long saved = Math.max(since, checkpoint);
        if (every > 0) {
            saved = Math.max(saved, since + (now - since) / every * every);
        }
        return saved;
    }

    /** GPU-hours of work that stopping now would lose: GPUs x time since progress was last saved. */
    double lossIfStopped(Instant now) {
        return lossIfStopped(now.toEpochMilli());
    }

    /** {@link #lossIfStopped(Instant)} at epoch milliseconds: from this object's fields alone, as victims are costed. */
    double lossIfStopped(long now) {
        return loss(now, runningSinceMillis, checkpointMillis, checkpointEveryMillis, gpus);
    }

    /**
     * GPU-hours that stopping work now would lose: work of {@code gpus} GPUs running since {@code since} (NONE: not
     * running), last checkpointed at {@code checkpoint}, checkpointing every {@code every} ms (0: never), in epoch ms.
     */
    static double loss(long now, long since, long checkpoint, long every, int gpus) {
        if (since == NONE || now <= since) {
            return 0;
        }
        return gpus * (now - savedAtMillis(now, since, checkpoint, every)) / 3_600_000.0;
    }

    long runningSinceMillis() {
        return runningSinceMillis;
    }

    long checkpointMillis() {
        return checkpointMillis;
    }

    long checkpointEveryMillis() {
        return checkpointEveryMillis;
    }

    /** It holds these gangs now (none: it stopped). */
    void holds(List<Selection> gangs) {
        selections = gangs;
        footprint = CheapestRoom.footprint(gangs);
    }

    long[] footprint() {
        return footprint;
    }

    /**
     * Its rows in the {@link Roster}s of the pools it runs in: pool indexes and rows, in step (a few at most; not
     * necessarily among its candidates: adopted work runs where it was found).
     */
    private int[] rowPools = new int[0];
    private int[] rows = new int[0];

    /** Its row in the pool's roster, -1 when it has none. */
    int row(PoolState pool) {
        for (int i = 0; i < rowPools.length; i++) {
            if (rowPools[i] == pool.index()) {
                return rows[i];
            }
        }
        return -1;
    }

    /** Sets its row in the pool's roster; -1: it has none there any more. */
    void setRow(PoolState pool, int row) {
        for (int i = 0; i < rowPools.length; i++) {
            if (rowPools[i] == pool.index()) {
                if (row >= 0) {
                    rows[i] = row;
                } else {
                    int last = rowPools.length - 1;
                    rowPools[i] = rowPools[last];
                    rows[i] = rows[last];
                    rowPools = java.util.Arrays.copyOf(rowPools, last);
                    rows = java.util.Arrays.copyOf(rows, last);
                }
                return;
            }
        }
        if (row >= 0) {
            rowPools = java.util.Arrays.copyOf(rowPools, rowPools.length + 1);
            rows = java.util.Arrays.copyOf(rows, rows.length + 1);
            rowPools[rowPools.length - 1] = pool.index();
            rows[rows.length - 1] = row;
        }
    }

    /** The ledger's accelerator type of all its gangs, or -1 when they run on several types. */
    int soleAccelerator() {
        int sole = acceleratorOfSelection.length == 0 ? -1 : acceleratorOfSelection[0];
        for (int a : acceleratorOfSelection) {
            if (a != sole) {
                return -1;
            }
        }
        return sole;
    }

    /** Whether its gangs run in more than one pool. */
    boolean spansPools() {
        for (Selection s : selections) {
            if (s.pool() != selections.get(0).pool()) {
                return true;
            }
        }
        return false;
    }

    /** When it started, as a count of starts: running work in start order. */
    long startSequence;

    /** Progress was saved now (an explicit checkpoint). */
    void checkpointed(Instant now) {
        checkpointMillis = now.toEpochMilli();
    }

    /** Relative speed on the accelerator type of a ledger index (0 when not acceptable), looked up once per type. */
    double speedOn(int accelerator, State state) {
        if (speeds == null) {
            speeds = new double[state.ledger.accelerators()];
            java.util.Arrays.fill(speeds, Double.NaN);
        }
        if (Double.isNaN(speeds[accelerator])) {
            speeds[accelerator] = workload.speedOn(state.ledger.acceleratorName(accelerator));
        }
        return speeds[accelerator];
    }

    private double[] speeds;

    /** The relative speed of its fastest acceptable accelerator type (1 when it names none). */
    double fastestSpeed() {
        if (fastest == 0) {
            for (double speed : workload.accelerators().values()) {
                fastest = Math.max(fastest, speed);
            }
            fastest = fastest == 0 ? 1 : fastest;
        }
        return fastest;
    }

    private double fastest;

    /** When the work is expected to end (epoch milliseconds), fixed when it starts; Long.MAX_VALUE for a service. */
    long expectedEndMillis = Long.MAX_VALUE;

    /** When the work is expected to end, from what is left and the speed it runs at; null for a service. */
    Instant expectedEnd() {
        return expectedEndMillis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(expectedEndMillis);
    }

    /** Whether a search for victims may run now; after failed ones it waits 1, 2, 4, 8, then 10 minutes. */
    boolean mayPreemptAt(Instant now) {
        return now.toEpochMilli() >= noPreemptionSearchBefore;
    }

    void preemptionSearchFailed(Instant now) {
        failedPreemptionSearches++;
        long backoff = Math.min(600_000L, 60_000L << Math.min(4, failedPreemptionSearches - 1));
        noPreemptionSearchBefore = now.toEpochMilli() + backoff;
    }

    /** Fixes the expected end from what is left and the speed it runs at, as it starts running. */
    void startRunning(Instant since, double atSpeed) {
        runningSince = since;
        runningSinceMillis = since.toEpochMilli();
        checkpointMillis = NONE;
        speed = atSpeed;
        failedPreemptionSearches = 0;
        noPreemptionSearchBefore = 0;
        preemptionLimit = null;
        expectedEndMillis = Double.isInfinite(remainingReferenceHours) || atSpeed <= 0 ? Long.MAX_VALUE
                : since.toEpochMilli() + (long) (remainingReferenceHours / atSpeed * 3_600_000.0);
    }

    /** It stopped running: nothing is saved or expected any more. */
    void stopRunning() {
        runningSince = null;
        runningSinceMillis = NONE;
        checkpointMillis = NONE;
        speed = 0;
        expectedEndMillis = Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        return id + " (" + workload.name() + ", " + state + ")";
    }
}
