package io.faust4j.web;

import io.faust4j.Page;
import io.faust4j.PageException;
import io.faust4j.PageRequest;
import io.faust4j.PageResponse;
import io.faust4j.Worker;
import io.faust4j.internal.LocalTables;
import io.faust4j.spi.LocalTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the app's {@link Page}s: matches the path (of the pages that match, the one with the fewest
 * parameters), routes table pages to the key's owner, runs the handler.
 */
final class PageEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(PageEndpoints.class);

    private final Worker worker;
    private final KeyRouter router;

    PageEndpoints(Worker worker, KeyRouter router) {
        this.worker = worker;
        this.router = router;
    }

    /** The page's answer, or empty when no page has this path. */
    Optional<WebReply> handle(WebCall call) {
        TreeSet<String> allowed = new TreeSet<>();
        Page best = null;
        Map<String, String> bestParameters = Map.of();
        for (Page page : worker.app().pages()) {
            Optional<Map<String, String>> parameters = match(page.segments(), call.segments());
            if (parameters.isEmpty()) {
                continue;
            }
            if (!page.method().equals(call.method())) {
                allowed.add(page.method());
            } else if (best == null || parameters.get().size() < bestParameters.size()) {
                best = page; // the page with the most literal segments wins: /orders/recent before /orders/{id}
                bestParameters = parameters.get();
            }
        }
        if (best != null) {
            return Optional.of(best.isRouted() ? routed(best, call, bestParameters) : run(best, call, bestParameters));
        }
        if (!allowed.isEmpty()) {
            return Optional.of(WebReply.error(405, call.method() + " is not allowed on " + call.rawPath()
                    + ": this page answers " + String.join(", ", allowed)).withHeader("Allow", String.join(", ", allowed)));
        }
        return Optional.empty();
    }

    private WebReply routed(Page page, WebCall call, Map<String, String> parameters) {
        LocalTable table = LocalTables.of(worker).stream().filter(t -> t.name().equals(page.routeTable()))
                .findFirst().orElseThrow();
        String keyText = parameters.get(page.routeKeyParameter());
        Optional<Object> key = Keys.parse(keyText, table.keyType());
        if (key.isEmpty()) {
            return WebReply.error(400, "{" + page.routeKeyParameter() + "} = '" + keyText + "' is not a "
                    + table.keyType().getSimpleName() + ", the key type of table '" + table.name() + "': write it as "
                    + Keys.example(table.keyType()));
        }
        return router.route(call, table, key.get(), () -> run(page, call, parameters));
    }

    private WebReply run(Page page, WebCall call, Map<String, String> parameters) {
        PageRequest request = new PageRequest(call.method(), "/" + String.join("/", call.segments()), parameters,
                call.query(), call.headers(), call.body());
        try {
            // the page's table reads and sends go to this server's worker, also where a JVM runs several
            PageResponse response = LocalTables.callAs(worker, () -> page.handler().handle(request));
            if (response == null) {
                return WebReply.error(500, "Page " + page.method() + " " + page.path() + " returned null: return a"
                        + " PageResponse, such as PageResponse.json(value)");
            }
            return new WebReply(response.status(), response.contentType(), response.body(), Map.of());
        } catch (PageException e) {
            return WebReply.error(e.status(), e.getMessage());
        } catch (Exception e) {
            LOG.error("Page {} {} failed on {}", page.method(), page.path(), call.rawPath(), e);
            return WebReply.error(500, "Page " + page.method() + " " + page.path() + " failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + " (the worker's log has the details)");
        }
    }

    /** The path parameters when {@code actual} matches the pattern's segments. */
    static Optional<Map<String, String>> match(List<String> pattern, List<String> actual) {
        if (pattern.size() != actual.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String expected = pattern.get(i);
            if (expected.startsWith("{")) {
                parameters.put(expected.substring(1, expected.length() - 1), actual.get(i));
            } else if (!expected.equals(actual.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }
}
