package dev.quartermaster.sim;

/** The kinds of events a simulation pops from its queue and handles; each counts as one event. */
public enum EventKind {
    /** A workload arrives and is submitted to the engine. */
    ARRIVAL("arrival"),
    /** A run of a workload ends: the engine hears it finished. */
    FINISH("finish"),
    /** The planned end of a run that was stopped since (preempted, interrupted, failed): nothing to do. */
    STALE_FINISH("finish of a stopped run"),
    /** A scheduling cycle of the engine, on the grid of simulated time, after something changed. */
    CYCLE("scheduling cycle"),
    SPOT_INTERRUPTION("spot interruption"),
    NODE_FAILURE("node failure"),
    NODE_REPAIR("node repair"),
    /** A provider outage begins or ends. */
    OUTAGE("outage"),
    /** A contract starts or ends. */
    CONTRACT_DATE("contract date"),
    /** A pool that is there only for a while (a commitment signed with a lead time) opens or closes. */
    POOL_WINDOW("pool opens or closes"),
    /** The fleet is sampled for the report's charts. */
    SAMPLE("sample");

    private final String label;

    EventKind(String label) {
        this.label = label;
    }

    /** In words, for reports. */
    public String label() {
        return label;
    }
}
