package dev.quartermaster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quartermaster.server.TestServer;
import org.junit.jupiter.api.Test;

/**
 * An external PostgreSQL by URL: here the test server's own PostgreSQL, reached as any other would be. The schema is
 * already there, so the migrations find nothing to do and the data is the server's.
 */
class ExternalDatabaseTest {

    @Test
    void aServerReachedByUrlHoldsTheSameStore() {
        String url = TestServer.get().store().database().jdbcUrl().replaceAll("[?&]reWriteBatchedInserts=true", "");
        try (Database external = Database.external(url, "postgres", null)) {
            Store store = Store.open(external);
            assertThat(store.fleets().latest()).isPresent();
            assertThat(store.tokens().anyAdmin()).isTrue();
            assertThat(external.toString()).startsWith("PostgreSQL at jdbc:postgresql://");
        }
    }

    @Test
    void libpqsUriNamesTheUserThatConnects() {
        String jdbc = TestServer.get().store().database().jdbcUrl();
        String hostAndDatabase = jdbc.substring("jdbc:postgresql://".length(), jdbc.indexOf('?'));   // no user parameter
        try (Database external = Database.external("postgres://postgres:any@" + hostAndDatabase, null, null)) {
            assertThat(Store.open(external).tokens().anyAdmin()).isTrue();
        }
        assertThatThrownBy(() -> Database.external("postgresql://no_such_role:pw@" + hostAndDatabase, null, null))
                .hasStackTraceContaining("no_such_role");
    }

    @Test
    void aUrlThatIsNotPostgresIsRefusedByName() {
        assertThatThrownBy(() -> Database.external("mysql://db:3306/qm", null, null))
                .hasMessageContaining("database-url must look like jdbc:postgresql://HOST:PORT/DATABASE");
    }
}
