package dev.quartermaster.dispatch;

import dev.quartermaster.fleet.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a credential from where the fleet says it is, each time it is needed (a file may be rotated). */
public final class Secrets {

    private Secrets() {}

    /** The credential, trimmed; an exception that names the variable or file when it is not there. */
    public static String read(Secret secret) {
        if (secret == null) {
            return null;
        }
        return switch (secret.source()) {
            case ENV -> {
                String value = System.getenv(secret.name());
                if (value == null || value.isBlank()) {
                    throw new IllegalStateException("the environment variable " + secret.name() + " that holds the backend's token is not set");
                }
                yield value.trim();
            }
            case FILE -> {
                try {
                    yield Files.readString(Path.of(secret.name())).trim();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read the backend's token from " + secret.name() + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
