package io.faust4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table routing across two {@code faust4j worker} processes (child JVMs, one app, the embedded Kafka broker, one
 * web port each): a key's GET and POST with a body sent to the worker that does not own it are answered by the
 * owner process, and the owner's 4xx errors come back through the forwarding worker as JSON.
 */
class RoutingAcrossProcessesTest {
    private static final String APP = "io.faust4j.cli.TestApps:routing";
    private static final String TABLE = "visit-count";
    private static final int PARTITIONS = 4;
    private static final int ACCOUNTS = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKafka kafka;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

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

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aKeysGetAndPostAtTheOtherWorkerProcessAreAnsweredByItsOwner() throws Exception {
        URI urlA = URI.create("http://127.0.0.1:" + freePort());
        URI urlB = URI.create("http://127.0.0.1:" + freePort());
        try (ChildWorker a = ChildWorker.start(dir.resolve("a.log"), worker("a", urlA));
             ChildWorker b = ChildWorker.start(dir.resolve("b.log"), worker("b", urlB))) {
            Map<URI, ChildWorker> workers = Map.of(urlA, a, urlB, b);
            awaitTrue("both workers ready", Duration.ofSeconds(45), workers,
                    () -> status(get(urlA, "/ready")) == 200 && status(get(urlB, "/ready")) == 200);
            awaitTrue("both workers agree on the owners, one each at least", Duration.ofSeconds(20), workers, () -> {
                Map<Integer, URI> owners = owners(urlA);
                return owners.size() == PARTITIONS && Set.copyOf(owners.values()).equals(Set.of(urlA, urlB))
                        && owners.equals(owners(urlB));
            });

            Map<String, Long> truth = produceVisits();
            Map<Integer, URI> owners = owners(urlA);
            awaitTrue("every visit counted, each at its owner", Duration.ofSeconds(20), workers,
                    () -> holds(urlA, owners, truth) && holds(urlB, owners, truth));
            assertThat(owners(urlB)).as("the assignment did not move meanwhile").isEqualTo(owners);

            for (URI owner : List.of(urlA, urlB)) {
                URI other = owner.equals(urlA) ? urlB : urlA;
                String key = truth.keySet().stream().filter(k -> owner.equals(owners.get(partitionOf(k))))
                        .findFirst().orElseThrow();

                HttpResponse<String> value = get(other, "/table/" + TABLE + "/" + key);
                assertThat(value.statusCode()).as(value.body()).isEqualTo(200);
                assertThat(json(value).get("value").asLong()).as("%s at %s", key, other).isEqualTo(truth.get(key));

                HttpResponse<String> note = send(other, "/accounts/" + key + "/notes",
                        "{\"text\":\"call back \u260e about order 42\"}", "X-Trace", "t-" + key);
                assertThat(note.statusCode()).as(note.body()).isEqualTo(200);
                assertThat(json(note).get("pid").asLong()).as("answered by the owner's process")
                        .isEqualTo(workers.get(owner).pid());
                assertThat(json(note).get("visits").asLong()).isEqualTo(truth.get(key));
                assertThat(json(note).get("note").asText()).isEqualTo("call back \u260e about order 42");
                assertThat(json(note).get("trace").asText()).isEqualTo("t-" + key);

                String stranger = strangerOwnedBy(owner, owners);
                HttpResponse<String> unknown = send(other, "/accounts/" + stranger + "/notes", "{\"text\":\"hi\"}");
                assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
                assertThat(json(unknown).get("error").asText()).contains("No visits recorded for account '"
                        + stranger + "'");
                HttpResponse<String> badBody = send(other, "/accounts/" + key + "/notes", "not json");
                assertThat(badBody.statusCode()).as(badBody.body()).isEqualTo(400);
                assertThat(json(badBody).get("error").asText()).contains("not a JSON Note");
            }
            HttpResponse<String> noTable = get(urlA, "/table/no-such-table/acct-1");
            assertThat(noTable.statusCode()).isEqualTo(404);
            assertThat(json(noTable).get("error").asText()).contains("Unknown table 'no-such-table'", TABLE);
        }
    }

    private String[] worker(String name, URI url) {
        return new String[] {"-A", APP, "worker", "-l", "info", "--broker", kafka.brokerUrl(),
            "--datadir", dir.resolve(name).toString(), "--web-bind", "127.0.0.1",
            "--web-port", String.valueOf(url.getPort()), "-s", "table_standby_replicas=0"};
    }

    /** Sends {@code ACCOUNTS} accounts' visits (account i visits i + 1 times), keyed by account as the app reads them. */
    private static Map<String, Long> produceVisits() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        Map<String, Long> truth = new TreeMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < ACCOUNTS; i++) {
                for (int n = 0; n <= i; n++) {
                    producer.send(new ProducerRecord<>("visits", "acct-" + i, "x"));
                }
                truth.put("acct-" + i, i + 1L);
            }
        }
        return truth;
    }

    /** Whether the worker at {@code url} holds exactly the counts of the accounts whose partitions it owns. */
    private boolean holds(URI url, Map<Integer, URI> owners, Map<String, Long> truth) throws Exception {
        HttpResponse<String> entries = get(url, "/table/" + TABLE);
        if (entries.statusCode() != 200) {
            return false; // 503 while a rebalance is under way
        }
        Map<String, Long> held = new TreeMap<>();
        json(entries).get("entries").properties().forEach(e -> held.put(e.getKey(), e.getValue().asLong()));
        Map<String, Long> expected = new TreeMap<>(truth);
        expected.keySet().removeIf(k -> !url.equals(owners.get(partitionOf(k))));
        return held.equals(expected);
    }

    /** An account without visits whose partition {@code owner} owns. */
    private static String strangerOwnedBy(URI owner, Map<Integer, URI> owners) {
        for (int i = 0; ; i++) {
            String key = "stranger-" + i;
            if (owner.equals(owners.get(partitionOf(key)))) {
                return key;
            }
        }
    }

    /** The partition of a String key: Kafka's default partitioner on its raw bytes, as the app partitions. */
    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private Map<Integer, URI> owners(URI url) throws Exception {
        Map<Integer, URI> owners = new TreeMap<>();
        json(get(url, "/router")).get("tables").get(TABLE).get("owners").properties().forEach(e ->
                owners.put(Integer.parseInt(e.getKey()), URI.create(e.getValue().asText())));
        return owners;
    }

    private HttpResponse<String> get(URI url, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(URI url, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static int status(HttpResponse<String> response) {
        return response.statusCode();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("content-type")).as(response.body()).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    /** A condition that may throw (a connection refused while a worker starts counts as not yet). */
    private interface Check {
        boolean test() throws Exception;
    }

    /** Waits until {@code check} holds; fails with both workers' output when a worker exits or time runs out. */
    private static void awaitTrue(String what, Duration timeout, Map<URI, ChildWorker> workers, Check check)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            for (ChildWorker worker : workers.values()) {
                if (!worker.isAlive()) {
                    throw new AssertionError("A worker exited while waiting for " + what + ":\n" + outputs(workers));
                }
            }
            try {
                if (check.test()) {
                    return;
                }
            } catch (java.io.IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Not " + what + " within " + timeout + (last == null ? "" : " (last: " + last + ")")
                + ":\n" + outputs(workers));
    }

    private static String outputs(Map<URI, ChildWorker> workers) throws java.io.IOException {
        Map<String, String> logs = new LinkedHashMap<>();
        for (Map.Entry<URI, ChildWorker> worker : workers.entrySet()) {
            logs.put(worker.getKey().toString(), worker.getValue().output());
        }
        StringBuilder text = new StringBuilder();
        logs.forEach((url, log) -> text.append("--- worker ").append(url).append(" ---\n").append(log).append('\n'));
        return text.toString();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
