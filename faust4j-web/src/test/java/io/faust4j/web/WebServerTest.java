package io.faust4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.App;
import io.faust4j.ConfigurationException;
import io.faust4j.PageException;
import io.faust4j.PageResponse;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One worker on memory:// with its web server: pages, tables, health, readiness, metrics, errors. */
class WebServerTest {
    record Order(String account, int amount) {
    }

    private static Worker worker;
    private static URI url;

    @BeforeAll
    static void start() {
        App app = App.create("web-test", s -> s.broker("memory://web-test").set("web_port", "0")
                .set("web_bind", "127.0.0.1").topicPartitions(4));
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
        Table<Long, String> names = app.table("names", Long.class, String.class);
        app.agent("count", orders, stream -> {
            for (Order order : stream) {
                counts.merge(order.account(), (long) order.amount(), Long::sum);
            }
        });
        app.page("GET", "/hello/{name}", request -> PageResponse.json(Map.of("hello", request.pathParameter("name"),
                "loud", request.queryParameter("loud").orElse("no"))));
        app.page("POST", "/echo/{id}", request -> {
            Order order = request.json(Order.class);
            return PageResponse.json(201, Map.of("id", request.pathParameter("id"), "order", order));
        });
        app.page("GET", "/echo/{id}", request -> PageResponse.json(Map.of("echo", request.pathParameter("id"))));
        app.page("GET", "/echo/latest", request -> PageResponse.json(Map.of("latest", true)));
        app.page("PUT", "/echo/{id}", request -> PageResponse.json(Map.of("put", request.bodyText())));
        app.page("DELETE", "/echo/{id}", request -> PageResponse.status(204));
        app.page("GET", "/fail", request -> {
            throw new IllegalStateException("boom");
        });
        app.page("GET", "/teapot", request -> {
            throw new PageException(418, "short and stout");
        });
        app.page("GET", "/count/{account}", counts, "account",
                request -> PageResponse.json(Map.of("count", counts.get(request.pathParameter("account")))));
        worker = app.start();
        url = WebExtension.url(worker).orElseThrow();
        orders.send("alice", new Order("alice", 3));
        orders.send("alice", new Order("alice", 4));
        orders.send("bob", new Order("bob", 5));
        assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(names.partitions()).isEqualTo(4);
    }

    @AfterAll
    static void stop() {
        worker.stop();
    }

    @Test
    void servesPagesWithPathParametersAndJsonInAndOut() {
        Http.Answer hello = Http.get(url, "/hello/ann%20lee?loud=yes");
        assertThat(hello.status()).isEqualTo(200);
        assertThat(hello.contentType()).startsWith("application/json");
        assertThat(hello.json().get("hello").asText()).isEqualTo("ann lee");
        assertThat(hello.json().get("loud").asText()).isEqualTo("yes");

        Http.Answer posted = Http.send(url, "POST", "/echo/7", "{\"account\":\"zed\",\"amount\":9}",
                "Content-Type", "application/json");
        assertThat(posted.status()).isEqualTo(201);
        assertThat(posted.json().get("id").asText()).isEqualTo("7");
        assertThat(posted.json().get("order").get("amount").asInt()).isEqualTo(9);

        assertThat(Http.send(url, "PUT", "/echo/7", "plain").json().get("put").asText()).isEqualTo("plain");
        assertThat(Http.send(url, "DELETE", "/echo/7", null).status()).isEqualTo(204);
        assertThat(Http.get(url, "/echo/latest").json().get("latest").asBoolean()).isTrue(); // literal beats {id}
        assertThat(Http.get(url, "/echo/8").json().get("echo").asText()).isEqualTo("8");
    }

    @Test
    void answersBadRequestsWithJsonErrors() {
        Http.Answer badJson = Http.send(url, "POST", "/echo/1", "{not json", "Content-Type", "application/json");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().get("error").asText()).contains("not a JSON Order");

        Http.Answer noBody = Http.send(url, "POST", "/echo/1", null);
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(noBody.json().get("error").asText()).contains("no body");

        Http.Answer unknown = Http.get(url, "/nowhere");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("/nowhere").contains("GET /hello/{name}");

        Http.Answer wrongMethod = Http.send(url, "PATCH", "/hello/x", "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("error").asText()).contains("GET");

        Http.Answer failed = Http.get(url, "/fail");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.json().get("error").asText()).contains("boom").doesNotContain("at io.faust4j");

        assertThat(Http.get(url, "/teapot").status()).isEqualTo(418);
        assertThat(Http.get(url, "/teapot").json().get("error").asText()).isEqualTo("short and stout");

        Http.Answer badEncoding = Http.raw(url, "GET /hello/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(badEncoding.status()).isEqualTo(400);
        assertThat(badEncoding.json().get("error").asText()).contains("percent-encoding");

        Http.Answer tooLarge = Http.send(url, "POST", "/echo/1", "x".repeat(1024 * 1024 + 1));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("error").asText()).contains("web_max_body_size");

        // a declared length over the limit is refused before the body is read (here it never comes)
        Http.Answer declared = Http.raw(url, "POST /echo/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(declared.status()).isEqualTo(413);
    }

    @Test
    void readsTableKeysAndTheEntriesThisWorkerHolds() {
        Http.Answer alice = Http.get(url, "/table/counts/alice");
        assertThat(alice.status()).isEqualTo(200);
        assertThat(alice.json().get("table").asText()).isEqualTo("counts");
        assertThat(alice.json().get("key").asText()).isEqualTo("alice");
        assertThat(alice.json().get("value").asLong()).isEqualTo(7);

        Http.Answer nobody = Http.get(url, "/table/counts/nobody");
        assertThat(nobody.status()).isEqualTo(200);
        assertThat(nobody.json().get("value").asLong()).isZero(); // the table's default

        Http.Answer noDefault = Http.get(url, "/table/names/12");
        assertThat(noDefault.status()).isEqualTo(404);
        assertThat(noDefault.json().get("error").asText()).contains("no value for key '12'");

        Http.Answer badKey = Http.get(url, "/table/names/twelve");
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.json().get("error").asText()).contains("not a Long").contains("a number");

        Http.Answer unknown = Http.get(url, "/table/nope/1");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("Unknown table 'nope'").contains("counts");

        Http.Answer all = Http.get(url, "/table/counts");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().get("table").asText()).isEqualTo("counts");
        assertThat(all.json().get("entries").get("alice").asLong()).isEqualTo(7);
        assertThat(all.json().get("entries").get("bob").asLong()).isEqualTo(5);

        Http.Answer write = Http.send(url, "POST", "/table/counts/alice", "1");
        assertThat(write.status()).isEqualTo(405);
        assertThat(write.json().get("error").asText()).contains("read-only");

        Http.Answer routedPage = Http.get(url, "/count/alice");
        assertThat(routedPage.json().get("count").asLong()).isEqualTo(7);
    }

    @Test
    void reportsHealthReadinessRouterAndMetrics() {
        assertThat(Http.get(url, "/health").json().get("status").asText()).isEqualTo("ok");
        Http.Answer ready = Http.get(url, "/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("ready").asBoolean()).isTrue();

        Http.Answer router = Http.get(url, "/router");
        assertThat(router.json().get("worker").asText()).isEqualTo(url.toString());
        assertThat(router.json().get("tables").get("counts").get("changelog").asText())
                .isEqualTo("web-test-counts-changelog");
        assertThat(router.json().get("tables").get("counts").get("owners").get("0").asText()).isEqualTo(url.toString());

        Http.get(url, "/health");
        Http.Answer metrics = Http.get(url, "/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).contains("faust4j_http_requests_seconds_count{app=\"web-test\",method=\"GET\",status=\"200\"}");
    }

    @Test
    void rejectsPagesThatCannotBeServed() {
        App app = App.create("web-bad-pages");
        assertThatThrownBy(() -> app.page("GET", "/table/{x}", r -> PageResponse.text("")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("served by faust4j itself");
        assertThatThrownBy(() -> app.page("PATCH", "/x", r -> PageResponse.text("")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("GET, POST, PUT or DELETE");
        assertThatThrownBy(() -> app.page("GET", "x/{id}", r -> PageResponse.text("")))
                .hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> app.page("GET", "/x/a{id}", r -> PageResponse.text("")))
                .hasMessageContaining("whole-segment parameter");
        app.page("GET", "/x/{id}", r -> PageResponse.text(""));
        assertThatThrownBy(() -> app.page("GET", "/x/{other}", r -> PageResponse.text("")))
                .hasMessageContaining("already declared");
        Table<String, Long> t = app.table("t", String.class, Long.class, 0L);
        assertThatThrownBy(() -> app.page("GET", "/y/{id}", t, "key", r -> PageResponse.text("")))
                .hasMessageContaining("has no {key}");
    }
}
