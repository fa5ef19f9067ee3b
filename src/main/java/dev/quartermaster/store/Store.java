package dev.quartermaster.store;

/** The server's store: one database and the access objects of its tables. */
public record Store(
        Database database,
        WorkloadStore workloads,
        RunStore runs,
        CostStore costs,
        FleetStore fleets,
        TokenStore tokens,
        AuditLog audit,
        UsageStore usage) implements AutoCloseable {

    public static Store open(Database database) {
        var jdbi = database.jdbi();
        return new Store(database, new WorkloadStore(jdbi), new RunStore(jdbi), new CostStore(jdbi), new FleetStore(jdbi),
                new TokenStore(jdbi), new AuditLog(jdbi), new UsageStore(jdbi));
    }

    public org.jdbi.v3.core.Jdbi jdbi() {
        return database.jdbi();
    }

    @Override
    public void close() {
        database.close();
    }
}
