package dev.quartermaster.engine.policy;

import java.util.Comparator;

/**
 * The order in which running work is considered for preemption, cheapest first. The preemptor takes the shortest
 * prefix of this order that makes room, then spares the victims it did not need.
 */
public interface VictimOrder {

    String name();

    Comparator<Victim> order();

    /** What an order may look at: the work a victim would lose, its priority, and when it arrived. */
    record Victim(double lostGpuHours, int priority, long arrival) {}

    /**
     * Least work lost first, then the latest arrival. Written out rather than composed of key extractors: a preemption
     * search compares thousands of candidates, and the composed form calls through three or four comparators a time.
     */
    Comparator<Victim> LEAST_LOST = (a, b) -> {
        int c = Double.compare(a.lostGpuHours(), b.lostGpuHours());
        return c != 0 ? c : Long.compare(b.arrival(), a.arrival());
    };

    /** Lowest priority first, then {@code then} (written out, as {@link #LEAST_LOST} is). */
    static Comparator<Victim> lowestPriorityFirst(Comparator<Victim> then) {
        return (a, b) -> {
            int c = Integer.compare(a.priority(), b.priority());
            return c != 0 ? c : then.compare(a, b);
        };
    }

    /** Least work lost (GPUs x time since the last checkpoint) first; among equals, the most recently arrived. */
    VictimOrder LEAST_LOST_WORK = new VictimOrder() {
        public String name() {
            return "least-lost-work";
        }

        public Comparator<Victim> order() {
            return LEAST_LOST;
        }
    };

    /** Lowest priority first, then least work lost: protects important work even when it has not checkpointed. */
    VictimOrder LOWEST_PRIORITY = new VictimOrder() {
        public String name() {
            return "lowest-priority";
        }

        private final Comparator<Victim> order = lowestPriorityFirst(LEAST_LOST);

        public Comparator<Victim> order() {
            return order;
        }
    };
}
