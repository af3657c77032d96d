package io.faust4j.web;

import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.LocalTables;
import io.faust4j.spi.LocalTable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers every request of one worker's web server: checks the bearer token, then serves {@code /health},
 * {@code /ready}, {@code /metrics}, {@code /router}, {@code /table/...}, the dashboard and the app's pages.
 * Every failure is a 4xx or 5xx with {@code {"error": "..."}}.
 */
final class Dispatcher {
    private final Worker worker;
    private final WebConfig config;
    private final Supplier<URI> self;
    private final TableEndpoints tables;
    private final PageEndpoints pages;
    private final Supplier<String> metrics;
    private final Dashboard dashboard;

    Dispatcher(Worker worker, WebConfig config, Supplier<URI> self, Forwarder forwarder, Supplier<String> metrics,
               Dashboard dashboard) {
        this.worker = worker;
        this.config = config;
        this.self = self;
        KeyRouter router = new KeyRouter(worker, self, forwarder);
        this.tables = new TableEndpoints(worker, router);
        this.pages = new PageEndpoints(worker, router);
        this.metrics = metrics;
        this.dashboard = dashboard;
    }

    WebReply handle(WebCall call) {
        List<String> segments = call.segments();
        String first = segments.isEmpty() ? "" : segments.get(0);
        if (first.equals("health") && segments.size() == 1) {
            return onlyGet(call).orElseGet(() -> WebReply.json(200, Map.of("status", "ok")));
        }
        if (!authorized(call)) {
            return WebReply.error(401, "Missing or wrong bearer token: send the header 'Authorization: Bearer"
                    + " <web_auth_token>' (or ?access_token=<token> from a browser)")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"faust4j\"");
        }
        Optional<WebReply> builtIn = switch (first) {
            case "" -> Optional.of(onlyGet(call).orElseGet(dashboard::page));
            case "ready" -> single(call, this::ready);
            case "metrics" -> single(call, () -> WebReply.text(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.get()));
            case "router" -> single(call, this::router);
            case "dashboard" -> segments.size() == 2 && segments.get(1).equals("data")
                    ? Optional.of(onlyGet(call).orElseGet(dashboard::data)) : Optional.empty();
            case "table" -> Optional.of(tables.handle(call));
            default -> Optional.empty();
        };
        return builtIn.or(() -> pages.handle(call)).orElseGet(() -> WebReply.error(404, "No such path "
                + call.rawPath() + ": faust4j serves /, /health, /ready, /metrics, /router, /table/{name},"
                + " /table/{name}/{key}" + appPages()));
    }

    private String appPages() {
        List<String> declared = worker.app().pages().stream().map(p -> p.method() + " " + p.path()).toList();
        return declared.isEmpty() ? " (the app declares no pages)" : ", and the app's pages " + declared;
    }

    private Optional<WebReply> single(WebCall call, Supplier<WebReply> answer) {
        return call.segments().size() == 1 ? Optional.of(onlyGet(call).orElseGet(answer)) : Optional.empty();
    }

    private static Optional<WebReply> onlyGet(WebCall call) {
        if (call.method().equals("GET") || call.method().equals("HEAD")) {
            return Optional.empty();
        }
        return Optional.of(WebReply.error(405, call.method() + " is not allowed on " + call.rawPath() + ": use GET")
                .withHeader("Allow", "GET"));
    }

    private boolean authorized(WebCall call) {
        if (config.authToken().isEmpty()) {
            return true;
        }
        Optional<String> given = call.header("authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim())
                .or(() -> call.queryParameter("access_token"));
        return given.isPresent() && MessageDigest.isEqual(given.get().getBytes(StandardCharsets.UTF_8),
                config.authToken().getBytes(StandardCharsets.UTF_8));
    }

    private WebReply ready() {
        if (worker.isReady()) {
            return WebReply.json(200, Map.of("ready", true));
        }
        return WebReply.json(503, Map.of("ready", false, "error", "The worker is "
                + (worker.isRunning() ? "starting or recovering its tables" : "not running")
                + ": wait until /ready answers 200 before sending it traffic"));
    }

    private WebReply router() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("worker", self.get().toString());
        body.put("leader", worker.isLeader());
        body.put("ready", worker.isReady());
        Map<String, Object> topics = new LinkedHashMap<>();
        for (Topic<?, ?> topic : worker.app().topics()) {
            topics.put(topic.name(), worker.owners(topic.name()));
        }
        body.put("topics", topics);
        Map<String, Object> tableOwners = new LinkedHashMap<>();
        for (LocalTable table : LocalTables.of(worker)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("changelog", table.changelogTopic());
            entry.put("global", table.isGlobal());
            entry.put("owners", worker.owners(table.changelogTopic()));
            tableOwners.put(table.name(), entry);
        }
        body.put("tables", tableOwners);
        return WebReply.json(200, body);
    }
}
