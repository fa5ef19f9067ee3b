package dev.quartermaster.engine.policy;

import java.util.Comparator;

/** In what order pending workloads are tried. */
public interface QueueOrder {

    String name();

    /** The order of one team's queue. */
    Comparator<Queued> withinTeam();

    /** The order of the teams' heads in a cycle; {@link Queued#share()} is the team's fair share, lower first. */
    Comparator<Queued> acrossTeams();

    /** What an order may look at. */
    interface Queued {
        int priority();

        /** Submission order, unique. */
        long arrival();

        /** The team's weighted dominant share now. */
        double share();
    }

    Comparator<Queued> BY_ARRIVAL = (a, b) -> Long.compare(a.arrival(), b.arrival());
    Comparator<Queued> BY_PRIORITY = (a, b) -> {
        int byPriority = Integer.compare(b.priority(), a.priority());
        return byPriority != 0 ? byPriority : Long.compare(a.arrival(), b.arrival());
    };

    /** First come, first served, across all teams. */
    QueueOrder FIFO = new QueueOrder() {
        public String name() {
            return "fifo";
        }

        public Comparator<Queued> withinTeam() {
            return BY_ARRIVAL;
        }

        public Comparator<Queued> acrossTeams() {
            return BY_ARRIVAL;
        }
    };

    /** Higher priority first; among equals, the team with the lower weighted share; then arrival. */
    QueueOrder FAIR_SHARE = new QueueOrder() {
        public String name() {
            return "fair-share";
        }

        public Comparator<Queued> withinTeam() {
            return BY_PRIORITY;
        }

        public Comparator<Queued> acrossTeams() {
            return (a, b) -> {
                int byPriority = Integer.compare(b.priority(), a.priority());
                if (byPriority != 0) {
                    return byPriority;
                }
                int byShare = Double.compare(a.share(), b.share());
                return byShare != 0 ? byShare : Long.compare(a.arrival(), b.arrival());
            };
        }
    };
}
