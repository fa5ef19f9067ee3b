package dev.quartermaster.server;

import dev.quartermaster.engine.policy.Policy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to start a server.
 *
 * @param databaseUrl an external PostgreSQL, or null for the embedded one in {@code dataDirectory}
 * @param fleetFile a fleet document to put in force, or null for the stored one (the bundled example the first time)
 * @param speed how much faster than real time the simulated backend runs work
 * @param reportsDirectory where the dashboard finds the HTML reports of qm simulate and qm plan, or null for none
 */
public record ServerOptions(
        Path dataDirectory,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        Path fleetFile,
        String host,
        int port,
        Policy policy,
        long seed,
        double speed,
        Duration tickInterval,
        Path reportsDirectory) {

    /** Without a reports directory. */
    public ServerOptions(Path dataDirectory, String databaseUrl, String databaseUser, String databasePassword, Path fleetFile,
            String host, int port, Policy policy, long seed, double speed, Duration tickInterval) {
        this(dataDirectory, databaseUrl, databaseUser, databasePassword, fleetFile, host, port, policy, seed, speed, tickInterval, null);
    }

    public ServerOptions {
        if (!(speed > 0) || speed > 1_000_000) {
            throw new IllegalArgumentException("speed must be above 0 and at most 1000000, not " + speed);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, not " + port);
        }
        if (databaseUrl != null) {
            dev.quartermaster.store.Database.checkUrl(databaseUrl);
        }
    }
}
