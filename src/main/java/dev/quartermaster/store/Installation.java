package dev.quartermaster.store;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Jdbi;

/** The id of the control plane a store belongs to, made at its first start and kept. */
public final class Installation {

    private Installation() {}

    public static String id(Jdbi jdbi) {
        return jdbi.inTransaction(h -> {
            h.execute("insert into installation (id) select ? where not exists (select 1 from installation)",
                    HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
            return h.createQuery("select id from installation").mapTo(String.class).one();
        });
    }
}
