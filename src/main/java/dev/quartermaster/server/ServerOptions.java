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
        Duration tickInterval) {

    public ServerOptions {
        if (!(speed > 0) || speed > 1_000_000) {
            throw new IllegalArgumentException("speed must be above 0 and at most 1000000, not " + speed);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, not " + port);
        }
    }
}
