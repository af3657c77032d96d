package io.faust4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An app-defined HTTP view, declared with {@link App#page}: a method, a path pattern whose segments may be
 * parameters ({@code /orders/{id}}), and the handler. The {@code faust4j-web} module serves the pages of the app
 * of each worker it runs with. A page routed by a table (Faust's {@code table_route}) is answered by the worker
 * that holds the partition of the key named by a path parameter; other workers forward the request there,
 * body and headers included.
 *
 * @param method GET, POST, PUT or DELETE
 * @param path the path pattern, such as {@code /orders/{id}}
 * @param handler what answers the requests
 * @param routeTable the name of the table whose key owner answers, or empty for a page any worker answers
 * @param routeKeyParameter the path parameter (without braces) holding that table's key, or empty
 */
public record Page(String method, String path, PageHandler handler, String routeTable, String routeKeyParameter) {
    /** The methods a page may answer. */
    public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");
    /** Paths served by faust4j-web itself, which pages cannot take (nor anything under them). */
    public static final Set<String> RESERVED = Set.of("table", "router", "health", "ready", "metrics", "dashboard");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@-]+");
    private static final Pattern PARAMETER = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}");

    /**
     * Validates the declaration.
     *
     * @throws ConfigurationException naming what is wrong with the method or path, and what is allowed
     */
    public Page {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(routeTable, "routeTable");
        Objects.requireNonNull(routeKeyParameter, "routeKeyParameter");
        method = Objects.requireNonNull(method, "method").trim().toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path");
        if (!METHODS.contains(method)) {
            throw new ConfigurationException("Invalid page method '" + method + "' for " + path
                    + ": expected GET, POST, PUT or DELETE");
        }
        List<String> segments = segments(path);
        if (segments.isEmpty() || RESERVED.contains(segments.get(0))) {
            throw new ConfigurationException("Invalid page path '" + path + "': / and paths under "
                    + RESERVED.stream().sorted().map(r -> "/" + r).toList() + " are served by faust4j itself;"
                    + " choose another path, such as /orders/{id}");
        }
        Set<String> names = new java.util.HashSet<>();
        for (String segment : segments) {
            boolean parameter = PARAMETER.matcher(segment).matches();
            if (!parameter && !LITERAL.matcher(segment).matches()) {
                throw new ConfigurationException("Invalid page path '" + path + "': segment '" + segment + "' must"
                        + " be a literal (letters, digits, ._~-) or a whole-segment parameter such as {id}");
            }
            if (parameter && !names.add(segment)) {
                throw new ConfigurationException("Invalid page path '" + path + "': parameter " + segment
                        + " appears twice; give each parameter its own name");
            }
        }
        if (!routeTable.isEmpty() && !names.contains("{" + routeKeyParameter + "}")) {
            throw new ConfigurationException("Page " + path + " is routed by table '" + routeTable + "' with key"
                    + " parameter '" + routeKeyParameter + "', but the path has no {" + routeKeyParameter + "}: name"
                    + " one of " + names);
        }
    }

    /** A page any worker answers. */
    public Page(String method, String path, PageHandler handler) {
        this(method, path, handler, "", "");
    }

    /** Whether the page is answered by the worker holding a table key's partition. */
    public boolean isRouted() {
        return !routeTable.isEmpty();
    }

    /** The path's segments ({@code /orders/{id}} has {@code orders} and {@code {id}}). */
    public List<String> segments() {
        return segments(path);
    }

    private static List<String> segments(String path) {
        if (!path.startsWith("/")) {
            throw new ConfigurationException("Invalid page path '" + path + "': it must start with '/',"
                    + " such as /orders/{id}");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                if (path.length() == 1) {
                    break;
                }
                throw new ConfigurationException("Invalid page path '" + path + "': empty segment (a '//' or a"
                        + " trailing '/'); write it as /orders/{id}");
            }
            segments.add(segment);
        }
        return segments;
    }
}
