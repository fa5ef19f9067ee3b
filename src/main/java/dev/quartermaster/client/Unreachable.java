package dev.quartermaster.client;

/** No answer from the server: nothing listens there, the name does not resolve, or it did not answer in time. */
public final class Unreachable extends RuntimeException {

    private final String server;

    public Unreachable(String server, Throwable cause) {
        super("cannot reach the server at " + server + ": " + describe(cause), cause);
        this.server = server;
    }

    public String server() {
        return server;
    }

    private static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpTimeoutException) {
                return "it did not answer in time";
            }
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException) {
                return "nothing accepts connections there";
            }
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "the host name does not resolve";
            }
        }
        return cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
