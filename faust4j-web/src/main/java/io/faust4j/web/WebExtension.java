package io.faust4j.web;

import io.faust4j.Settings;
import io.faust4j.Worker;
import io.faust4j.spi.WorkerExtension;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts a web server with every worker when faust4j-web is on the class path (found through
 * {@code META-INF/services/io.faust4j.spi.WorkerExtension}), unless {@code web_enabled=false}. The server listens
 * on {@code web_bind}:{@code web_port} and advertises {@code web_advertised_url} to the worker's group, so that
 * table requests reach the worker that owns a key. docs/web.md lists the endpoints.
 */
public final class WebExtension implements WorkerExtension {
    private static final Map<Worker, URI> SERVING = new ConcurrentHashMap<>();

    /** Used by ServiceLoader. */
    public WebExtension() {
    }

    /**
     * The advertised URL of {@code worker}'s web server while it runs (for banners, tools and tests); empty when
     * the worker runs none ({@code web_enabled=false}, or not started yet, or stopped).
     */
    public static Optional<URI> url(Worker worker) {
        return Optional.ofNullable(SERVING.get(worker));
    }

    @Override
    public Running start(Worker worker) {
        if (!worker.settings().get(Settings.WEB_ENABLED)) {
            return new Running() {
                @Override
                public Optional<URI> advertisedUrl() {
                    return Optional.empty();
                }

                @Override
                public void close() {
                }
            };
        }
        WorkerWeb web = new WorkerWeb(worker, WebConfig.of(worker.settings()), () -> SERVING.remove(worker));
        web.advertisedUrl().ifPresent(url -> SERVING.put(worker, url));
        return web;
    }
}
