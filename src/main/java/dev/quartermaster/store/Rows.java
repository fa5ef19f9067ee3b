package dev.quartermaster.store;

import dev.quartermaster.lifecycle.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Maps result rows to records. */
final class Rows {

    private Rows() {}

    static WorkloadRow workload(ResultSet rs) throws SQLException {
        return new WorkloadRow(rs.getString("id"), rs.getLong("seq"), rs.getString("team"), rs.getString("name"), rs.getString("kind"),
                rs.getInt("priority"), rs.getInt("gpus"), Status.valueOf(rs.getString("state")), rs.getString("reason"),
                rs.getString("submitted_by"), instant(rs, "submitted_at"), instant(rs, "updated_at"), rs.getInt("version"),
                rs.getString("idempotency_key"), rs.getString("document"));
    }

    static Transition transition(ResultSet rs) throws SQLException {
        String from = rs.getString("from_state");
        return new Transition(rs.getLong("id"), rs.getString("workload_id"), from == null ? null : Status.valueOf(from),
                Status.valueOf(rs.getString("to_state")), instant(rs, "at"), rs.getString("reason"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
