package dev.quartermaster.server;

import dev.quartermaster.engine.Placement;
import java.time.Instant;
import java.util.List;

/**
 * What runs the work: told to start and stop, it reports back what happened. Every report names the attempt it is
 * about, so that a late report of an earlier attempt is recognised and ignored.
 */
public interface Backend extends AutoCloseable {

    /** Starts attempt {@code attempt} of a workload where the placements say; {@code hours} of work, or infinite. */
    void dispatch(String id, int attempt, List<Placement> placements, double hours);

    /** Stops an attempt (preempted, cancelled, requeued); no report follows. */
    void stop(String id, int attempt);

    @Override
    void close();

    /** Where a backend's reports go. */
    interface Listener {
        void started(String id, int attempt, Instant at);

        void finished(String id, int attempt, Instant at);

        void failed(String id, int attempt, Instant at, String reason);
    }
}
