package dev.quartermaster.engine;

import dev.quartermaster.engine.admission.QuotaLedger;
import dev.quartermaster.engine.capacity.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Evictions that are only pretended, for a preemption search: the victims' GPUs and quota are given back, and taken
 * again on undo.
 */
final class WhatIf {

    private final QuotaLedger ledger;
    private final List<Job> evicted = new ArrayList<>();

    WhatIf(QuotaLedger ledger) {
        this.ledger = ledger;
    }

    /** The victims evicted and not restored, in the order evicted. */
    List<Job> evicted() {
        return java.util.Collections.unmodifiableList(evicted);
    }

    void evictUpTo(List<Job> ordered, int count) {
        while (evicted.size() > count) {
            restoreLast();
        }
        for (int i = evicted.size(); i < count; i++) {
            evict(ordered.get(i));
        }
    }

    void evictAll(List<Job> victims) {
        for (Job victim : victims) {
            evict(victim);
        }
    }

    /** Gives back the victims' GPUs, in the order given; returns them as a set. */
    Set<Job> restoreAll(List<Job> victims) {
        Set<Job> restored = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Job victim : victims) {
            retake(victim);
            restored.add(victim);
        }
        evicted.removeIf(restored::contains);
        return restored;
    }

    void evict(Job victim) {
        for (int r = 0; r < victim.selections.size(); r++) {
            Selection s = victim.selections.get(r);
            s.give();
            ledger.remove(victim.team, victim.acceleratorOfSelection[r], s.gpus());
        }
        evicted.add(victim);
    }

    void restore(Job victim) {
        retake(victim);
        evicted.remove(victim);
    }

    private void restoreLast() {
        retake(evicted.remove(evicted.size() - 1));
    }

    private void retake(Job victim) {
        for (int r = victim.selections.size() - 1; r >= 0; r--) {
            Selection s = victim.selections.get(r);
            s.take();
            ledger.add(victim.team, victim.acceleratorOfSelection[r], s.gpus());
        }
    }

    /** Gives back, costliest (last stopped) first, each victim without which {@code stillFits} holds. */
    void spareWhere(java.util.function.BooleanSupplier stillFits) {
        for (int i = evicted.size() - 1; i >= 0; i--) {
            Job victim = evicted.get(i);
            restore(victim);
            if (!stillFits.getAsBoolean()) {
                evict(victim);
            }
        }
    }

    void undo() {
        while (!evicted.isEmpty()) {
            restoreLast();
        }
    }
}
