package io.faust4j.web;

import io.faust4j.ConfigurationException;
import io.faust4j.Worker;
import io.faust4j.spi.WorkerExtension;
import io.helidon.http.DirectHandler;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's web server: a Helidon SE server whose every request goes to the {@link Dispatcher}, after its
 * path is split and decoded and its body read up to {@code web_max_body_size}. Its Prometheus registry is added
 * to the worker's meter registry for {@code /metrics}, and each request is timed as {@code faust4j.http.requests}.
 */
final class WorkerWeb implements WorkerExtension.Running {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerWeb.class);

    private final Worker worker;
    private final WebConfig config;
    private final WebServer server;
    private final URI advertised;
    private final int port;
    private final Forwarder forwarder;
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Dashboard dashboard;
    private final Dispatcher dispatcher;
    private final Runnable onClose;

    WorkerWeb(Worker worker, WebConfig config, Runnable onClose) {
        this.worker = worker;
        this.onClose = onClose;
        this.config = config;
        this.dashboard = new Dashboard(worker);
        this.server = start(config);
        this.port = server.port();
        this.advertised = config.advertised(port);
        this.forwarder = new Forwarder(advertised);
        this.dispatcher = new Dispatcher(worker, config, () -> advertised, forwarder, prometheus::scrape, dashboard);
        worker.meterRegistry().add(prometheus);
        LOG.info("Web server of app {} listening on {}:{}, advertised as {}{}", worker.app().id(), config.bind(),
                server.port(), advertised, config.authToken().isEmpty() ? "" : " (bearer token required)");
    }

    private WebServer start(WebConfig config) {
        WebServer started;
        try {
            started = WebServer.builder()
                    .host(config.bind())
                    .port(config.port())
                    .shutdownHook(false)
                    .directHandlers(WorkerWeb::jsonErrors)
                    .routing(routing -> routing.any(this::serve))
                    .build()
                    .start();
        } catch (RuntimeException e) {
            throw cannotListen(config, rootMessage(e));
        }
        if (!started.isRunning()) { // Helidon logs a failed bind and returns a stopped server
            throw cannotListen(config, "the address is in use or cannot be bound");
        }
        return started;
    }

    private static ConfigurationException cannotListen(WebConfig config, String why) {
        return new ConfigurationException("The web server cannot listen on " + config.bind() + ":" + config.port()
                + " (" + why + "): set web_port to a free port (0 takes any), change web_bind, or set"
                + " web_enabled=false");
    }

    /** Requests Helidon itself refuses (a malformed request line, bad headers) also get a JSON error. */
    private static void jsonErrors(io.helidon.webserver.http.DirectHandlers.Builder handlers) {
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            handlers.addHandler(type, (request, event, status, headers, message) ->
                    DirectHandler.TransportResponse.builder()
                            .status(status)
                            .headers(headers)
                            .header(HeaderNames.CONTENT_TYPE, WebReply.JSON)
                            .entity(Json.bytes(java.util.Map.of("error", status.reasonPhrase() + ": the request is"
                                    + " malformed (" + (message == null || message.isBlank() ? event : message)
                                    + "); check the request line, the path's percent-encoding (%XX) and the"
                                    + " headers")))
                            .build());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** The port the server listens on. */
    int port() {
        return port;
    }

    @Override
    public Optional<URI> advertisedUrl() {
        return Optional.of(advertised);
    }

    private void serve(ServerRequest request, ServerResponse response) {
        long start = System.nanoTime();
        String method = request.prologue().method().text().toUpperCase(Locale.ROOT);
        WebReply reply;
        try {
            reply = call(request, method).map(this::dispatch).orElseGet(() -> WebReply.error(413, "The request body"
                    + " is larger than web_max_body_size (" + config.maxBodyBytes() + " bytes): send less, or raise"
                    + " the setting"));
        } catch (BadRequest e) {
            reply = WebReply.error(400, e.getMessage());
        }
        response.status(reply.status());
        response.header("Content-Type", reply.contentType());
        response.header("Cache-Control", "no-store");
        reply.headers().forEach((name, values) -> response.header(name, values.toArray(String[]::new)));
        if (method.equals("HEAD")) {
            response.send();
        } else {
            response.send(reply.body());
        }
        Timer.builder("faust4j.http.requests").description("HTTP requests answered by the worker's web server")
                .tag("method", method).tag("status", String.valueOf(reply.status()))
                .register(worker.meterRegistry()).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private WebReply dispatch(WebCall call) {
        try {
            return dispatcher.handle(call);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", call.method(), call.rawPath(), e);
            return WebReply.error(500, "The worker failed to answer " + call.method() + " " + call.rawPath() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** The call, or empty when its body is over the limit. */
    private Optional<WebCall> call(ServerRequest request, String method) {
        String rawPath = request.path().rawPath();
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                segments.add(decode(raw));
            }
        }
        String rawQuery = request.prologue().hasQuery() ? request.prologue().query().rawValue() : "";
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                query.computeIfAbsent(name, n -> new ArrayList<>()).add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : request.headers()) {
            headers.computeIfAbsent(header.name().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .addAll(header.allValues());
        }
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > config.maxBodyBytes()) {
            return Optional.empty();
        }
        byte[] body = new byte[0];
        if (request.content().hasEntity()) {
            try (InputStream in = request.content().inputStream()) {
                body = in.readNBytes(config.maxBodyBytes() + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (body.length > config.maxBodyBytes()) {
                return Optional.empty();
            }
        }
        return Optional.of(new WebCall(method, rawPath, List.copyOf(segments), rawQuery, query, headers, body));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("Bad percent-encoding in '" + text + "': write %XX with two hex digits");
        }
    }

    @Override
    public void close() {
        onClose.run();
        worker.meterRegistry().remove(prometheus);
        prometheus.close();
        forwarder.close();
        dashboard.close();
        server.stop();
        LOG.info("Web server of app {} on port {} stopped", worker.app().id(), port);
    }

    /** A request the server cannot make sense of. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
