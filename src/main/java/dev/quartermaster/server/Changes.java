package dev.quartermaster.server;

import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.store.Dispatch;
import dev.quartermaster.store.LedgerEntry;
import dev.quartermaster.store.RunStore;
import dev.quartermaster.store.WorkloadStore;
import dev.quartermaster.store.WorkloadStore.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * What one turn of the control loop changed, written in one transaction; what must wait for that commit (answers,
 * dispatches, stops) runs after it. Nothing is sent to a backend before the store holds it.
 */
final class Changes {

    private final Instant at;
    private final List<Step> steps = new ArrayList<>();
    private final List<Dispatch> dispatches = new ArrayList<>();
    private final List<RunStore.Mark> started = new ArrayList<>();
    private final List<RunStore.Mark> ended = new ArrayList<>();
    private final List<RunStore.Mark> accepted = new ArrayList<>();
    private final List<LedgerEntry> ledger = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final Set<String> touched = new LinkedHashSet<>();

    Changes(Instant at) {
        this.at = at;
    }

    Instant at() {
        return at;
    }

    void step(String id, Status from, Status to, String reason) {
        steps.add(new Step(id, from, to, at, reason));
        touched.add(id);
    }

    void dispatch(Dispatch d) {
        dispatches.add(d);
    }

    void started(String id, int attempt, Instant when) {
        started.add(new RunStore.Mark(id, attempt, when, null));
    }

    void ended(String id, int attempt, String outcome) {
        ended.add(new RunStore.Mark(id, attempt, at, outcome));
    }

    /** The backend's own id of an attempt, kept in its dispatch rows. */
    void externalId(String id, int attempt, String externalId) {
        accepted.add(new RunStore.Mark(id, attempt, at, externalId));
    }

    void charge(LedgerEntry entry) {
        ledger.add(entry);
    }

    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    boolean isEmpty() {
        return steps.isEmpty() && dispatches.isEmpty() && started.isEmpty() && ended.isEmpty() && accepted.isEmpty() && ledger.isEmpty();
    }

    /** Workloads whose state changed. */
    Set<String> touched() {
        return touched;
    }

    int transitions() {
        return steps.size();
    }

    void write(Jdbi jdbi) {
        if (isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            WorkloadStore.transition(h, steps);
            RunStore.insertDispatches(h, dispatches);
            RunStore.markStarted(h, started);
            RunStore.markEnded(h, ended);
            RunStore.markAccepted(h, accepted);
            RunStore.insertLedger(h, ledger);
        });
    }

    void runAfterCommit() {
        afterCommit.forEach(Runnable::run);
    }
}
