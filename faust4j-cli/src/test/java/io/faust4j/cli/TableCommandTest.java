package io.faust4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code faust4j table} against a small JDK HTTP server that answers as a worker's web server does:
 * {@code GET /table/{name}/{key}} and {@code GET /table/{name}}, errors as {@code {"error":..}} with 4xx.
 */
class TableCommandTest {
    private HttpServer server;
    private String url;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/table/", this::answer);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        paths.add(path);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "" : auth);
        if ("/table/secret".equals(path) && !"Bearer s3cret".equals(auth)) {
            reply(exchange, 401, "{\"error\":\"missing or wrong bearer token\"}");
        } else if ("/table/counts/acc%201".equals(path)) {
            reply(exchange, 200, "{\"table\":\"counts\",\"key\":\"acc 1\",\"value\":42}");
        } else if ("/table/counts".equals(path) || "/table/secret".equals(path)) {
            reply(exchange, 200, "{\"table\":\"counts\",\"entries\":{\"acc-1\":42,\"acc-2\":{\"n\":7}}}");
        } else {
            reply(exchange, 404, "{\"error\":\"no table 'nope'\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void readsOneKey() {
        Cli run = Cli.run("table", "counts", "acc 1", "--url", url);
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.out().strip()).isEqualTo("42");
        assertThat(paths).containsExactly("/table/counts/acc%201");
    }

    @Test
    void readsAWholeTable() {
        Cli run = Cli.run("table", "counts", "--url", url + "/");
        assertThat(run.code()).isZero();
        assertThat(run.out().lines().toList()).containsExactly("acc-1\t42", "acc-2\t{\"n\":7}");
        Cli json = Cli.run("table", "counts", "--url", url, "--json");
        assertThat(json.out().strip()).isEqualTo("{\"table\":\"counts\",\"entries\":{\"acc-1\":42,\"acc-2\":{\"n\":7}}}");
    }

    @Test
    void sendsTheBearerToken() {
        assertThat(Cli.run("table", "secret", "--url", url).err()).contains("answered 401: missing or wrong bearer token");
        Cli run = Cli.run("table", "secret", "--url", url, "--token", "s3cret");
        assertThat(run.code()).isZero();
        assertThat(authorizations).containsExactly("", "Bearer s3cret");
    }

    @Test
    void reportsErrorsInOneLine() {
        Cli missing = Cli.run("table", "nope", "--url", url);
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("faust4j: GET " + url + "/table/nope answered 404: no table 'nope'");

        server.stop(0);
        Cli down = Cli.run("table", "counts", "--url", url);
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err()).contains("Cannot reach the worker's web server at " + url);

        Cli noUrl = Cli.run("-A", "io.faust4j.cli.TestApps:readings", "-s", "web_port=0", "table", "counts");
        assertThat(noUrl.err()).contains("No web server address", "--url");
        Cli byPort = Cli.run("-A", "io.faust4j.cli.TestApps:readings", "--web-port", "1", "--web-bind", "127.0.0.1",
                "table", "counts");
        assertThat(byPort.err()).as("the address from web_bind and web_port").contains("http://127.0.0.1:1/");
    }
}
