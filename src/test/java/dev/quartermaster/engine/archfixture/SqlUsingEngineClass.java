package dev.quartermaster.engine.archfixture;

import java.sql.Connection;

/** Breaks the architecture on purpose: an engine class that talks to a database. Used by ArchitectureTest. */
public final class SqlUsingEngineClass {
    public boolean open(Connection connection) throws java.sql.SQLException {
        return !connection.isClosed();
    }
}
