package io.faust4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.faust4j.App;
import io.faust4j.PageResponse;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.LocalTables;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import io.faust4j.spi.LocalTable;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two workers of one app on the embedded Kafka broker, each with its own web server: a key's request at the
 * worker that does not hold its partition is answered by the owner (GET, and POST with its body), and /ready
 * answers 503 until the worker has joined and recovered.
 */
class TwoWorkerRoutingTest {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The app, built once per worker (so a page's handler reads the tables of its own worker). */
    private record Counting(App app, Topic<String, String> orders, Table<String, Long> counts) {
        static Counting build(String id, String label, int port) {
            App app = App.create(id, s -> s.broker(kafka.brokerUrl()).topicPartitions(4).set("web_port",
                    String.valueOf(port)).set("web_bind", "127.0.0.1").set("table_standby_replicas", "0")
                    .set("broker_session_timeout", "10s").set("broker_heartbeat_interval", "1s"));
            Topic<String, String> orders = app.topic("orders", String.class);
            Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
            app.agent("count", orders, stream -> {
                for (String account : stream) {
                    counts.merge(account, 1L, Long::sum);
                }
            });
            app.page("POST", "/accounts/{account}/notes", counts, "account", request -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("servedBy", label);
                answer.put("count", counts.get(request.pathParameter("account")));
                answer.put("note", request.json(Map.class).get("note"));
                answer.put("header", request.header("X-Trace").orElse(""));
                return PageResponse.json(answer);
            });
            return new Counting(app, orders, counts);
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void answersAKeyAtTheWorkerThatOwnsItForGetAndPostWithABody() throws Exception {
        String id = "web-routing-" + UUID.randomUUID().toString().substring(0, 8);
        int portA = freePort();
        Counting a = Counting.build(id, "A", portA);
        Counting b = Counting.build(id, "B", 0);
        URI urlA = URI.create("http://127.0.0.1:" + portA);

        List<Integer> readyStatuses = new ArrayList<>();
        CompletableFuture<Worker> startingA = CompletableFuture.supplyAsync(() -> a.app().start());
        while (!startingA.isDone()) {
            pollReady(urlA, readyStatuses);
        }
        Worker workerA = startingA.get();
        pollReady(urlA, readyStatuses);
        assertThat(readyStatuses).as("/ready while starting, then after").contains(503);
        assertThat(readyStatuses.get(readyStatuses.size() - 1)).isEqualTo(200);

        Worker workerB = b.app().start();
        try {
            URI urlB = WebExtension.url(workerB).orElseThrow();
            Map<String, Long> truth = new LinkedHashMap<>();
            for (int i = 0; i < 400; i++) {
                String account = "acct-" + (i % 20);
                a.orders().send(account, account);
                truth.merge(account, 1L, Long::sum);
            }
            String changelog = id + "-counts-changelog";
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                    workerA.isReady() && workerB.isReady() && !workerA.assignedPartitions().isEmpty()
                    && !workerB.assignedPartitions().isEmpty()
                    && workerA.owners(changelog).size() == 4
                    && new HashSet<>(workerA.owners(changelog).values()).size() == 2);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    workerA.awaitIdle(Duration.ofSeconds(5)) && workerB.awaitIdle(Duration.ofSeconds(5))
                    && sum(Http.get(urlA, "/table/counts").json()) + sum(Http.get(urlB, "/table/counts").json()) == 400);

            LocalTable countsAtA = LocalTables.of(workerA).get(0);
            Set<Integer> heldByB = workerB.assignedPartitions();
            String keyOfB = truth.keySet().stream().filter(k -> heldByB.contains(countsAtA.partitionOf(k)))
                    .findFirst().orElseThrow();
            assertThat(countsAtA.heldPartitions()).doesNotContain(countsAtA.partitionOf(keyOfB));

            Http.Answer get = Http.get(urlA, "/table/counts/" + keyOfB);
            assertThat(get.status()).as(get.body()).isEqualTo(200);
            assertThat(get.json().get("key").asText()).isEqualTo(keyOfB);
            assertThat(get.json().get("value").asLong()).isEqualTo(truth.get(keyOfB));

            Http.Answer post = Http.send(urlA, "POST", "/accounts/" + keyOfB + "/notes", "{\"note\":\"call back\"}",
                    "Content-Type", "application/json", "X-Trace", "t-42");
            assertThat(post.status()).as(post.body()).isEqualTo(200);
            assertThat(post.json().get("servedBy").asText()).isEqualTo("B");
            assertThat(post.json().get("count").asLong()).isEqualTo(truth.get(keyOfB));
            assertThat(post.json().get("note").asText()).isEqualTo("call back");
            assertThat(post.json().get("header").asText()).isEqualTo("t-42");

            Http.Answer router = Http.get(urlA, "/router");
            assertThat(router.json().get("tables").get("counts").get("owners").toString())
                    .contains(urlA.toString()).contains(urlB.toString());
        } finally {
            workerB.stop();
            workerA.stop();
        }
    }

    private static long sum(JsonNode table) {
        long total = 0;
        for (JsonNode value : table.get("entries")) {
            total += value.asLong();
        }
        return total;
    }

    private static void pollReady(URI url, List<Integer> statuses) {
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(url.getHost(), url.getPort()), 200);
        } catch (java.io.IOException notListeningYet) {
            sleep();
            return;
        }
        statuses.add(Http.get(url, "/ready").status());
        sleep();
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
