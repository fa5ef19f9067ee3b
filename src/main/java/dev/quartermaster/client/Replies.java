package dev.quartermaster.client;

import java.time.Instant;
import java.util.List;

/**
 * What the server answers, as far as the command line shows it. Fields the server adds later are ignored here; the
 * JSON output passes the server's answer through whole.
 */
public final class Replies {

    private Replies() {}

    public record Workload(String id, String name, String team, String kind, int priority, int gpus, String state, String reason,
            String submittedBy, Instant submittedAt, Instant updatedAt) {}

    public record Step(String from, String to, Instant at, String reason) {}

    public record Dispatch(int attempt, int replica, String pool, String provider, String tier, String accelerator, int gpus,
            String priceBasis, double pricePerGpuHour, Instant dispatchedAt, Instant startedAt, Instant endedAt, String outcome) {}

    public record Charge(String pool, int gpus, double gpuHours, double dollars, String priceBasis) {}

    public record WorkloadDetail(Workload workload, List<Step> history, List<Dispatch> dispatches, List<Charge> ledger, double dollars) {}

    public record Page<T>(List<T> items, Long next) {}

    public record Submitted(String id, boolean created, String state) {}

    public record Cancelled(String id, String state) {}

    public record Why(String id, String state, String verdict, List<String> explanation) {}

    public record Queued(String id, String name, String team, int priority, int gpus, String verdict) {}

    public record CostLine(String key, double dollars, double gpuHours, long runs) {}

    public record Cost(String by, List<CostLine> lines, double dollars, double gpuHours) {}

    public record Token(long id, String name, String role, String team, Instant createdAt, String createdBy, Instant revokedAt) {}

    /** A new token with its secret, which the server shows this once. */
    public record NewToken(long id, String name, String role, String team, String token) {}

    public record Revoked(long id, boolean revoked) {}
}
