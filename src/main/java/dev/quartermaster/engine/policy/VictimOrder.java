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

    /** Least work lost (GPUs x time since the last checkpoint) first; among equals, the most recently arrived. */
    VictimOrder LEAST_LOST_WORK = new VictimOrder() {
        public String name() {
            return "least-lost-work";
        }

        public Comparator<Victim> order() {
            return Comparator.comparingDouble(Victim::lostGpuHours)
                    .thenComparing(Comparator.comparingLong(Victim::arrival).reversed());
        }
    };

    /** Lowest priority first, then least work lost: protects important work even when it has not checkpointed. */
    VictimOrder LOWEST_PRIORITY = new VictimOrder() {
        public String name() {
            return "lowest-priority";
        }

        public Comparator<Victim> order() {
            return Comparator.comparingInt(Victim::priority).thenComparing(LEAST_LOST_WORK.order());
        }
    };
}
