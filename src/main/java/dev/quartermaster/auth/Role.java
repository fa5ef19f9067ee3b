package dev.quartermaster.auth;

import java.util.Locale;

/** What a token may do. */
public enum Role {
    /** Everything: fleet, teams, quotas, contracts, tokens, and every team's workloads. */
    ADMIN,
    /** Submits, sees and cancels its own team's workloads; reads the fleet and costs. */
    MEMBER,
    /** Reads everything a member of any team can read; changes nothing. */
    VIEWER;

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be one of admin, member, viewer, not '" + text + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
