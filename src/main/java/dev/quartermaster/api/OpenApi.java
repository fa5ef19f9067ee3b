package dev.quartermaster.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The OpenAPI 3.1 document of the routes, built from the same list the server registers: it cannot drift. */
final class OpenApi {

    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    private OpenApi() {}

    static Map<String, Object> document(List<Route> routes) {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path(), p -> new LinkedHashMap<>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", route.summary());
            op.put("description", "Access: " + route.access() + ".");
            List<Map<String, Object>> params = PARAM.matcher(route.path()).results()
                    .map(m -> Map.<String, Object>of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")))
                    .toList();
            if (!params.isEmpty()) {
                op.put("parameters", params);
            }
            op.put("responses", Map.of(
                    "200", Map.of("description", "OK"),
                    "400", Map.of("description", "Bad request: an error object naming the field"),
                    "401", Map.of("description", "No valid token"),
                    "403", Map.of("description", "The token's role or team may not do this")));
            item.put(route.method().name().toLowerCase(Locale.ROOT), op);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Quartermaster control plane", "version", "v1"));
        doc.put("components", Map.of("securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer"))));
        doc.put("security", List.of(Map.of("bearer", List.of())));
        doc.put("paths", paths);
        return doc;
    }

}
