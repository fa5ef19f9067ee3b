package dev.quartermaster.auth;

/** Who is calling: a token's name, role and (for members) team. */
public record Principal(long tokenId, String name, Role role, String team) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether this caller may see a workload of {@code ownerTeam}: admins and viewers see all, members their own. */
    public boolean canSee(String ownerTeam) {
        return role != Role.MEMBER || ownerTeam.equals(team);
    }

    /** Whether this caller may submit or cancel work of {@code ownerTeam}. */
    public boolean canChange(String ownerTeam) {
        return role == Role.ADMIN || (role == Role.MEMBER && ownerTeam.equals(team));
    }
}
