package dev.quartermaster.cli;

import dev.quartermaster.client.Replies.NewToken;
import dev.quartermaster.client.Replies.Token;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qm token}: an admin's API tokens. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Creates, lists and revokes API tokens (admins only).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a token and prints its secret, which is shown this once.", Remote.EXIT_STATUS})
    static final class Create implements Callable<Integer> {

        @Option(names = "--name", required = true, description = "what the token is for, such as ci-pipeline or alice")
        String name;

        @Option(names = "--role", required = true, description = "admin, member (submits and cancels its team's work) or viewer (reads)")
        String role;

        @Option(names = "--team", description = "the team a member's token belongs to")
        String team;

        @Mixin
        Remote remote;

        @Override
        public Integer call() {
            return remote.show(client -> client.createToken(name, role, team), Create::render);
        }

        static String render(NewToken t) {
            return "Token " + t.id() + " created: " + t.name() + ", " + t.role() + (t.team() == null || t.team().isEmpty() ? "" : " of " + t.team())
                    + ".\nIts secret, shown this once:\n\n    export QM_TOKEN=" + t.token() + "\n\n";
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"Lists tokens, never their secrets.", Remote.EXIT_STATUS})
    static final class ListTokens implements Callable<Integer> {

        @Mixin
        Remote remote;

        @Override
        public Integer call() {
            return remote.show(client -> client.tokens(), ListTokens::render);
        }

        static String render(List<Token> tokens) {
            Table table = new Table("ID", "NAME", "ROLE", "TEAM", "CREATED", "BY", "REVOKED");
            tokens.forEach(t -> table.row(t.id(), t.name(), t.role().toLowerCase(Locale.ROOT), t.team(), Times.of(t.createdAt()), t.createdBy(),
                    t.revokedAt() == null ? null : Times.of(t.revokedAt())));
            return table.render();
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = {"Revokes a token: calls with it are refused from now on.", Remote.EXIT_STATUS})
    static final class Revoke implements Callable<Integer> {

        @Parameters(paramLabel = "ID", description = "the token's id, from qm token list")
        long id;

        @Mixin
        Remote remote;

        @Override
        public Integer call() {
            return remote.show(client -> client.revokeToken(id), r -> "Token " + r.id() + " revoked.\n");
        }
    }
}
