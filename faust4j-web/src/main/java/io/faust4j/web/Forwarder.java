package io.faust4j.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends a request on to the worker that owns a key, as it came: method, path, query, headers and body (Faust's
 * table routing drops bodies; this does not), and answers with the owner's status, content type and body.
 */
final class Forwarder implements AutoCloseable {
    /** The header a forwarded request carries: the URL of the worker that forwarded it. */
    static final String FORWARDED_BY = "x-faust4j-forwarded-by";
    /** Headers that belong to one connection, or that the client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive", "te", "trailer", "proxy-authorization",
            "proxy-connection", "http2-settings", FORWARDED_BY);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI self;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    Forwarder(URI self) {
        this.self = self;
    }

    /** The owner's answer to {@code call}, or a 502 JSON error when the owner cannot be reached. */
    WebReply forward(WebCall call, URI owner) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(owner + call.pathAndQuery()))
                .timeout(TIMEOUT)
                .method(call.method(), call.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name)) {
                values.forEach(value -> request.header(name, value));
            }
        });
        request.header(FORWARDED_BY, self.toString());
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String contentType = response.headers().firstValue("content-type").orElse(WebReply.JSON);
            Map<String, List<String>> headers = response.headers().firstValue("www-authenticate")
                    .map(v -> Map.of("WWW-Authenticate", List.of(v))).orElse(Map.of());
            return new WebReply(response.statusCode(), contentType, response.body(), headers);
        } catch (IOException e) {
            return WebReply.error(502, "The worker at " + owner + " that owns this key did not answer ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); retry once the group has rebalanced, or check that worker");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WebReply.error(503, "Interrupted while forwarding to " + owner + ": the worker is stopping");
        } catch (IllegalArgumentException e) {
            return WebReply.error(400, "The request cannot be forwarded to " + owner + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
