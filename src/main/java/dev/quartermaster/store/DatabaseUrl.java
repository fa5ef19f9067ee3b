package dev.quartermaster.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where an external PostgreSQL is, as its users write it: a JDBC URL ({@code jdbc:postgresql://HOST:PORT/DB?...}) or
 * libpq's URI ({@code postgres://USER:PASSWORD@HOST:PORT/DB?...}, also {@code postgresql://}), whose user and password
 * the JDBC driver would not read: they are taken out of it, percent-decoded. A user or password given on its own wins
 * over the URL's.
 */
record DatabaseUrl(String jdbc, String user, String password) {

    static final String EXPECTED = "jdbc:postgresql://HOST:PORT/DATABASE or postgres://USER:PASSWORD@HOST:PORT/DATABASE";

    static DatabaseUrl parse(String url, String user, String password) {
        String scheme = url == null ? null
                : url.startsWith("jdbc:postgresql://") ? "jdbc:postgresql://"
                : url.startsWith("postgresql://") ? "postgresql://"
                : url.startsWith("postgres://") ? "postgres://" : null;
        if (scheme == null) {
            throw new IllegalArgumentException("database-url must look like " + EXPECTED + ", not '" + masked(String.valueOf(url)) + "'");
        }
        String rest = url.substring(scheme.length());
        int pathStart = firstOf(rest, "/?");
        int at = rest.lastIndexOf('@', pathStart - 1);
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String named = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            user = user != null ? user : named.isEmpty() ? null : named;
            password = password != null || colon < 0 ? password : decode(userInfo.substring(colon + 1));
        }
        if (rest.isEmpty() || rest.charAt(0) == '/' || rest.charAt(0) == '?') {
            throw new IllegalArgumentException("database-url names no host: it must look like " + EXPECTED + ", not '"
                    + masked(url) + "'");
        }
        return new DatabaseUrl("jdbc:postgresql://" + rest, user, password);
    }

    /** The URL as it may be shown: its password, in the user part or as a parameter, left out. */
    static String masked(String url) {
        return url.replaceAll("(://[^/?@:]*:)[^/?@]*@", "$1***@").replaceAll("password=[^&]*", "password=***");
    }

    private static int firstOf(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    /** Percent-decoding as in a URI (a '+' stays a '+'). */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("database-url: its user or password has a '%' that is not followed by two hex"
                    + " digits (write a '%' as %25)");
        }
    }
}
