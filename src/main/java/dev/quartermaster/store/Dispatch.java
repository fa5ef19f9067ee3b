package dev.quartermaster.store;

import java.time.Instant;
import java.util.List;

/**
 * One attempt to run a workload on a backend (one row per gang of it), recorded before it is sent. {@code endedAt}
 * and {@code outcome} are null while it may still run. It holds where exactly it runs (block, nodes, speed, the
 * marginal price the engine decided on), so that a restarted server can take it back as it is.
 */
public record Dispatch(
        String workloadId,
        int attempt,
        int replica,
        String cluster,
        String pool,
        String provider,
        String tier,
        String region,
        String accelerator,
        int gpus,
        int block,
        List<Integer> nodes,
        int gpusPerNode,
        double speed,
        String priceBasis,
        double marginalPrice,
        double pricePerGpuHour,
        String externalId,
        Instant dispatchedAt,
        Instant startedAt,
        Instant endedAt,
        String outcome) {

    public Dispatch {
        nodes = List.copyOf(nodes);
    }

    /** The key of its attempt, as backends name it: {@code ID#ATTEMPT}. */
    public String key() {
        return key(workloadId, attempt);
    }

    /** The key of attempt {@code attempt} of workload {@code id}: {@code ID#ATTEMPT}. */
    public static String key(String id, int attempt) {
        return id + "#" + attempt;
    }

    /** The workload id of a key. */
    public static String workloadOf(String key) {
        return key.substring(0, key.lastIndexOf('#'));
    }

    /** The attempt of a key. */
    public static int attemptOf(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('#') + 1));
    }
}
