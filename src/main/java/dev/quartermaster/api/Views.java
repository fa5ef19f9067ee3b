package dev.quartermaster.api;

import dev.quartermaster.store.Dispatch;
import dev.quartermaster.store.LedgerEntry;
import dev.quartermaster.store.Transition;
import dev.quartermaster.store.WorkloadRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the API answers with: plain records, written as JSON by Jackson. */
final class Views {

    private Views() {}

    record Workload(String id, String name, String team, String kind, int priority, int gpus, String state, String reason,
            String submittedBy, Instant submittedAt, Instant updatedAt, int version) {
        static Workload of(WorkloadRow row) {
            return new Workload(row.id(), row.name(), row.team(), row.kind().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), row.priority(), row.gpus(),
                    row.status().label(), row.reason(), row.submittedBy(), row.submittedAt(), row.updatedAt(), row.version());
        }
    }

    record Step(long id, String from, String to, Instant at, String reason) {
        static Step of(Transition t) {
            return new Step(t.id(), t.from() == null ? null : t.from().label(), t.to().label(), t.at(), t.reason());
        }
    }

    /** A transition in the stream of every workload's changes. */
    record Change(long id, String workload, String from, String to, Instant at, String reason) {
        static Change of(Transition t) {
            return new Change(t.id(), t.workloadId(), t.from() == null ? null : t.from().label(), t.to().label(), t.at(), t.reason());
        }
    }

    record WorkloadDetail(Workload workload, String document, List<Step> history, List<Dispatch> dispatches,
            List<LedgerEntry> ledger, double dollars) {}

    record Page<T>(List<T> items, Long next) {}

    record Submitted(String id, boolean created, String state) {}

    record Cancelled(String id, String state) {}

    record Why(String id, String state, String verdict, List<String> explanation) {}

    record Queued(String id, String name, String team, int priority, int gpus, String verdict) {}

    record Token(long id, String name, String role, String team, Instant createdAt, String createdBy, Instant revokedAt) {
        static Token of(dev.quartermaster.store.TokenStore.TokenInfo t) {
            return new Token(t.id(), t.name(), t.role().label(), t.team(), t.createdAt(), t.createdBy(), t.revokedAt());
        }
    }

    record NewToken(long id, String name, String role, String team, String token) {}

    record Pool(String pool, String accelerator, String tier, long usedGpus, long upGpus, long committedGpus, boolean healthy) {
        static Pool of(dev.quartermaster.engine.Engine.PoolUsage u) {
            return new Pool(u.pool().toString(), u.accelerator(), dev.quartermaster.fleet.Labels.of(u.tier()), u.usedGpus(), u.upGpus(),
                    u.committedGpus(), u.healthy());
        }
    }

    record Error(String code, String message, String field, List<Map<String, Object>> problems) {}
}
