package dev.quartermaster.dispatch.kubernetes;

import dev.quartermaster.dispatch.Backend;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that writes down what a backend reports, one line an event. */
final class Recorder implements Backend.Listener {

    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void accepted(String id, int attempt, String externalId) {
        events.add("accepted " + id + "#" + attempt + " " + externalId);
    }

    @Override
    public void waiting(String id, int attempt, String reason) {
        events.add("waiting " + id + "#" + attempt + " " + reason);
    }

    @Override
    public void started(String id, int attempt, Instant at) {
        events.add("started " + id + "#" + attempt);
    }

    @Override
    public void finished(String id, int attempt, Instant at) {
        events.add("finished " + id + "#" + attempt);
    }

    @Override
    public void failed(String id, int attempt, Instant at, String reason) {
        events.add("failed " + id + "#" + attempt + " " + reason);
    }

    @Override
    public void lost(String id, int attempt, Instant at, String reason) {
        events.add("lost " + id + "#" + attempt + " " + reason);
    }

    @Override
    public void clusterHealth(String cluster, boolean healthy, String reason) {
        events.add((healthy ? "healthy " : "unhealthy ") + cluster + " " + reason);
    }

    boolean saw(String prefix) {
        return events.stream().anyMatch(e -> e.startsWith(prefix));
    }
}
