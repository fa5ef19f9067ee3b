package dev.quartermaster.cli;

import dev.quartermaster.client.ApiClient;
import dev.quartermaster.client.ApiError;
import dev.quartermaster.client.Unreachable;
import java.io.PrintWriter;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to a server shares: where the server is, the token, the output format, and how
 * answers, refusals and an absent server are printed and turned into exit statuses.
 */
final class Remote {

    /** The line each remote command ends its description with. */
    static final String EXIT_STATUS = "Exit status: 0 done, 1 the server refused, 2 wrong command line, 3 no server or a server fault, 4 no token.";

    /** Runs against a server; answers the exit status. */
    interface Call {
        int run(ApiClient client);
    }

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:QM_SERVER:-http://localhost:8080}",
            description = "The server to talk to (default: $QM_SERVER, else http://localhost:8080)")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:QM_TOKEN}",
            description = "The bearer token (default: $QM_TOKEN)")
    String token;

    @Mixin
    Output output;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    PrintWriter out() {
        return output.out();
    }

    PrintWriter err() {
        return output.err();
    }

    /** Calls the server and prints its answer: the JSON as it came with {@code --output json}, else {@code table} of the answer. */
    <T> int show(Function<ApiClient, ApiClient.Reply<T>> call, Function<T, String> table) {
        return run(client -> {
            ApiClient.Reply<T> reply = call.apply(client);
            print(reply.json(), () -> table.apply(reply.value()));
            return 0;
        });
    }

    void print(Object json, Supplier<String> table) {
        if (output.json()) {
            out().println(Output.toJson(json));
        } else {
            out().print(table.get());
        }
    }

    int run(Call call) {
        PrintWriter err = err();
        if (token == null || token.isBlank()) {
            err.println("qm: no token: set QM_TOKEN (qm serve prints the first admin token; an admin makes more with 'qm token create'), or pass --token");
            err.flush();
            return Main.NO_TOKEN;
        }
        ApiClient client;
        try {
            client = new ApiClient(server, token.strip());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--server: " + e.getMessage());
        }
        try {
            return call.run(client);
        } catch (Unreachable e) {
            err.println("qm: " + e.getMessage());
            err.println("qm: is a server running there? 'qm serve' starts one; --server or QM_SERVER names another");
            return Main.FAULT;
        } catch (ApiError e) {
            refused(e, p -> (p.line() == null ? "" : "line " + p.line() + ", column " + p.column() + ": ")
                    + (p.field() == null || p.field().isEmpty() ? "" : p.field() + ": "));
            return e.isServerFault() ? Main.FAULT : Main.INVALID;
        } finally {
            out().flush();
            err.flush();
        }
    }

    /** Prints a refusal: the server's message, its status, then each problem after the place {@code where} names. */
    void refused(ApiError e, Function<ApiError.Problem, String> where) {
        PrintWriter err = err();
        err.println("qm: " + e.getMessage() + "  (HTTP " + e.status() + (e.code() == null ? "" : " " + e.code()) + ")");
        for (ApiError.Problem p : e.problems()) {
            err.println("  " + where.apply(p) + p.message());
        }
        if (e.status() == 401) {
            err.println("qm: check the token in QM_TOKEN or --token");
        }
    }
}
