package dev.quartermaster.server;

import dev.quartermaster.store.NewWorkload;
import dev.quartermaster.store.WorkloadStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Makes submissions durable in groups: one writer takes every submission waiting, inserts them in one transaction
 * (one fsync), then answers each. Under load groups grow by themselves, so durability does not cap throughput; with
 * no load a submission waits for its own commit only.
 */
final class GroupCommit implements AutoCloseable {

    static final int MAX_GROUP = 2000;

    /**
     * The answer to one submission: the stored id, whether it is new (false: an idempotent repeat), and whether the
     * stored workload's document is the one submitted (false: its idempotency key was used for another workload).
     */
    record Receipt(String id, boolean created, boolean sameDocument) {}

    private record Pending(NewWorkload submission, CompletableFuture<Receipt> answer) {}

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final WorkloadStore store;
    private final Consumer<List<NewWorkload>> committed;
    private final Thread writer;
    private volatile boolean open = true;

    GroupCommit(WorkloadStore store, Consumer<List<NewWorkload>> committed) {
        this.store = store;
        this.committed = committed;
        this.writer = Thread.ofPlatform().name("qm-group-commit").daemon().start(this::run);
    }

    CompletableFuture<Receipt> submit(NewWorkload submission) {
        CompletableFuture<Receipt> answer = new CompletableFuture<>();
        if (!open) {
            answer.completeExceptionally(new IllegalStateException("the server is stopping"));
            return answer;
        }
        queue.add(new Pending(submission, answer));
        return answer;
    }

    int waiting() {
        return queue.size();
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                if (!open) {
                    break;
                }
                continue;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            write(group);
            group.clear();
        }
    }

    private void write(List<Pending> group) {
        List<NewWorkload> submissions = group.stream().map(Pending::submission).toList();
        Map<String, WorkloadStore.Stored> stored;
        try {
            stored = store.insertAll(submissions);
        } catch (RuntimeException e) {
            group.forEach(p -> p.answer().completeExceptionally(e));
            return;
        }
        List<NewWorkload> created = new ArrayList<>(group.size());
        for (Pending p : group) {
            if (stored.get(p.submission().id()).id().equals(p.submission().id())) {
                created.add(p.submission());
            }
        }
        // The engine hears of new work before anyone is answered: a cancel sent right after the answer finds it.
        if (!created.isEmpty()) {
            committed.accept(created);
        }
        for (Pending p : group) {
            WorkloadStore.Stored s = stored.get(p.submission().id());
            p.answer().complete(new Receipt(s.id(), s.id().equals(p.submission().id()), s.sameDocument()));
        }
    }

    @Override
    public void close() {
        open = false;
        writer.interrupt();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
