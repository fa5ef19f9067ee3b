package dev.quartermaster.dispatch;

import dev.quartermaster.engine.Placement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A backend for demos and tests that runs nothing: an attempt starts after its pool's provisioning delay and
 * finishes when its work is done, in real time divided by {@code speed}. It forgets everything when the server stops.
 */
public final class SimulatedBackend implements Backend {

    private final Listener listener;
    private final InstantSource clock;
    private final double speed;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "qm-simulated-backend");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, List<ScheduledFuture<?>>> running = new ConcurrentHashMap<>();

    public SimulatedBackend(Listener listener, InstantSource clock, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be above 0, not " + speed);
        }
        this.listener = listener;
        this.clock = clock;
        this.speed = speed;
    }

    @Override
    public double timeScale(String cluster) {
        return speed;
    }

    @Override
    public void dispatch(Order order) {
        String id = order.id();
        int attempt = order.attempt();
        double hours = order.hours();
        Duration delay = order.placements().stream().map(Placement::provisioningDelay).max(Duration::compareTo).orElse(Duration.ZERO);
        long startMillis = (long) (delay.toMillis() / speed);
        String key = key(id, attempt);
        ScheduledFuture<?> start = timer.schedule(() -> listener.started(id, attempt, clock.instant()), startMillis, TimeUnit.MILLISECONDS);
        if (Double.isInfinite(hours)) {
            running.put(key, List.of(start));
            return;
        }
        long runMillis = Math.max(1, (long) Math.ceil(hours * 3_600_000.0 / speed));
        ScheduledFuture<?> finish = timer.schedule(() -> {
            running.remove(key);
            listener.finished(id, attempt, clock.instant());
        }, startMillis + runMillis, TimeUnit.MILLISECONDS);
        running.put(key, List.of(start, finish));
    }

    @Override
    public void stop(Order order) {
        List<ScheduledFuture<?>> timers = running.remove(key(order.id(), order.attempt()));
        if (timers != null) {
            timers.forEach(f -> f.cancel(false));
        }
    }

    /** Attempts started and not yet finished or stopped. */
    public int active() {
        return running.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static String key(String id, int attempt) {
        return dev.quartermaster.store.Dispatch.key(id, attempt);
    }
}
