package dev.quartermaster.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One route of the API, described for the OpenAPI document; {@code access} says who may call it. */
record Route(HandlerType method, String path, String summary, String access, Handler handler) {}
