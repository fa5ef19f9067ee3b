package dev.quartermaster.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseClient;
import java.util.function.Consumer;

/**
 * One route of the API, described for the OpenAPI document; {@code access} says who may call it. A route is a plain
 * handler or a server-sent event stream.
 */
record Route(HandlerType method, String path, String summary, String access, Handler handler, Consumer<SseClient> sse) {

    Route(HandlerType method, String path, String summary, String access, Handler handler) {
        this(method, path, summary, access, handler, null);
    }

    static Route stream(String path, String summary, String access, Consumer<SseClient> sse) {
        return new Route(HandlerType.GET, path, summary, access, null, sse);
    }
}
