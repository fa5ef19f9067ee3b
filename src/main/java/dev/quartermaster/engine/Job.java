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
    /** Work left, in hours at relative speed 1.0, as of the last checkpoint; infinite for a service. */
    double remainingReferenceHours;

    /** Where it runs, a gang per replica; empty when it does not run. Set with {@link #holds}. */
    List<Selection> selections = List.of();
    /** The nodes it holds GPUs on, packed as {@link CheapestRoom} reads them; worked out when first asked for. */
    private long[] footprint;
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
    /** The last preemption search that took it as a candidate: how a search counts each victim once. */
    int seenInSearch;
    /** The team's share, refreshed when the job is a queue head. */
    double share;
    private Allocations.ClassKey classKey;
    private Shape shape;
    /** Why it found no room, in words, kept once worked out (the words depend only on its shape). */
    String noRoomReason;
    /** The shape it is parked under while it waits for room; null otherwise. */
    Shape parkedFor;

    Job(String id, Workload workload, long arrival, int team, PoolState[] candidates) {
        this.id = id;
        this.workload = workload;
        this.arrival = arrival;
        this.team = team;
        this.candidates = candidates;
        this.remainingReferenceHours = workload.referenceHours();
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

    /** What room it needs, worked out once. */
    Shape shape() {
        if (shape == null) {
            shape = Shape.of(this);
        }
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
        long saved = Math.max(runningSinceMillis, checkpointMillis);
        if (checkpointEveryMillis > 0) {
            saved = Math.max(saved, runningSinceMillis + (now - runningSinceMillis) / checkpointEveryMillis * checkpointEveryMillis);
        }
        return saved;
    }

    /** GPU-hours of work that stopping now would lose: GPUs x time since progress was last saved. */
    double lossIfStopped(Instant now) {
        return lossIfStopped(now.toEpochMilli());
    }

    /** {@link #lossIfStopped(Instant)} at epoch milliseconds: from this object's fields alone, as victims are costed. */
    double lossIfStopped(long now) {
        if (runningSinceMillis == NONE || now <= runningSinceMillis) {
            return 0;
        }
        return gpus * (now - savedAtMillis(now)) / 3_600_000.0;
    }

    /** It holds these gangs now (none: it stopped). */
    void holds(List<Selection> gangs) {
        selections = gangs;
        footprint = null;
    }

    long[] footprint() {
        if (footprint == null) {
            footprint = CheapestRoom.footprint(selections);
        }
        return footprint;
    }

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
