package dev.quartermaster.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The PostgreSQL the server keeps its state in: an embedded one (real PostgreSQL binaries shipped in a Maven
 * artifact) in a data directory kept across restarts, or an external one by JDBC URL. Either way the schema is
 * brought up to date by Flyway before anything else runs.
 */
public final class Database implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final String description;
    private final String jdbcUrl;

    private Database(EmbeddedPostgres embedded, HikariDataSource pool, String description) {
        this.embedded = embedded;
        this.jdbcUrl = pool.getJdbcUrl();
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        jdbi.registerArrayType(java.sql.Timestamp.class, "timestamptz");
        this.description = description;
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    }

    /** Starts (or restarts, keeping its data) an embedded PostgreSQL in {@code dataDirectory}. */
    public static Database embedded(Path dataDirectory) {
        try {
            Path pgData = dataDirectory.resolve("postgres");
            Files.createDirectories(pgData);
            OrphanedPostgres.stopIfRunning(pgData);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "50")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            String url = pg.getJdbcUrl("postgres", "postgres");
            return new Database(pg, pool(url, "postgres", null), "embedded PostgreSQL in " + pgData + " (port " + pg.getPort() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects to an external PostgreSQL by a JDBC URL or libpq's {@code postgres://USER:PASSWORD@HOST:PORT/DB}
     * ({@link DatabaseUrl}); a user or password given (else null) wins over the URL's.
     */
    public static Database external(String url, String user, String password) {
        DatabaseUrl target = DatabaseUrl.parse(url, user, password);
        return new Database(null, pool(target.jdbc(), target.user(), target.password()),
                "PostgreSQL at " + DatabaseUrl.masked(target.jdbc()));
    }

    /** Throws, naming the field {@code database-url}, when {@link #external} could not read the URL's form. */
    public static void checkUrl(String url) {
        DatabaseUrl.parse(url, null, null);
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        // Batches of inserts travel as multi-row statements: one round trip and one parse per batch.
        config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true");
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(12);
        config.setPoolName("qm-store");
        config.setConnectionTimeout(30_000);
        return new HikariDataSource(config);
    }

    /** The JDBC URL connections are made to (without credentials). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public javax.sql.DataSource dataSource() {
        return pool;
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
