package dev.quartermaster.api;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Live streams waiting for a workload to change; the control loop says which changed, a virtual thread tells each. */
final class Feeds implements AutoCloseable {

    private final Map<String, CopyOnWriteArrayList<Runnable>> listeners = new ConcurrentHashMap<>();
    /** Streams of every workload's changes. */
    private final CopyOnWriteArrayList<Runnable> everything = new CopyOnWriteArrayList<>();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    void subscribe(String id, Runnable onChange) {
        listeners.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(onChange);
    }

    void unsubscribe(String id, Runnable onChange) {
        listeners.computeIfPresent(id, (k, list) -> {
            list.remove(onChange);
            return list.isEmpty() ? null : list;
        });
    }

    void subscribeAll(Runnable onChange) {
        everything.add(onChange);
    }

    void unsubscribeAll(Runnable onChange) {
        everything.remove(onChange);
    }

    void changed(Set<String> ids) {
        if (!ids.isEmpty()) {
            everything.forEach(senders::execute);
        }
        if (listeners.isEmpty()) {
            return;
        }
        for (String id : ids) {
            var list = listeners.get(id);
            if (list != null) {
                list.forEach(senders::execute);
            }
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
