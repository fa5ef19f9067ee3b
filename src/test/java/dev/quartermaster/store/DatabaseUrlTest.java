package dev.quartermaster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void aJdbcUrlIsKeptWithTheUserAndPasswordGiven() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db:5432/qm?sslmode=require", "qm", "pw"))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://db:5432/qm?sslmode=require", "qm", "pw"));
    }

    @Test
    void libpqsUriGivesItsUserAndPasswordDecoded() {
        assertThat(DatabaseUrl.parse("postgres://alice:s%40cret+1@db.example:5433/qm?sslmode=require", null, null))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://db.example:5433/qm?sslmode=require", "alice", "s@cret+1"));
        assertThat(DatabaseUrl.parse("postgresql://bob@db/qm", null, null))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://db/qm", "bob", null));
        assertThat(DatabaseUrl.parse("postgresql://db:5432/qm", null, null))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://db:5432/qm", null, null));
    }

    @Test
    void anAtSignLeftInThePasswordEndsItAtTheLastOne() {
        assertThat(DatabaseUrl.parse("postgres://u:p@ss@h:5432/db", null, null))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://h:5432/db", "u", "p@ss"));
    }

    @Test
    void aUserOrPasswordGivenWinsOverTheUrls() {
        assertThat(DatabaseUrl.parse("postgres://alice:one@db/qm", "carol", null))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://db/qm", "carol", "one"));
        assertThat(DatabaseUrl.parse("postgres://alice:one@db/qm", null, "two"))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://db/qm", "alice", "two"));
    }

    @Test
    void wrongUrlsAreRefusedByNameWithoutShowingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://db:3306/qm", null, null))
                .hasMessage("database-url must look like " + DatabaseUrl.EXPECTED + ", not 'mysql://db:3306/qm'");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:secret@/qm", null, null))
                .hasMessageStartingWith("database-url names no host")
                .hasMessageContaining("postgres://u:***@/qm").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:100%@db/qm", null, null))
                .hasMessageContaining("database-url").hasMessageContaining("%25");
    }

    @Test
    void aMaskedUrlHidesPasswordsInEitherPlace() {
        assertThat(DatabaseUrl.masked("postgres://u:secret@db/qm")).isEqualTo("postgres://u:***@db/qm");
        assertThat(DatabaseUrl.masked("jdbc:postgresql://db/qm?user=u&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/qm?user=u&password=***&ssl=true");
        assertThat(DatabaseUrl.masked("jdbc:postgresql://db:5432/qm")).isEqualTo("jdbc:postgresql://db:5432/qm");
    }
}
