package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Topic;
import io.faust4j.TopicOptions;
import io.faust4j.TransportException;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker that cannot run stops its start at once with one clear message, never hangs. */
class KafkaStartupErrorsTest {
    private static EmbeddedKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aMissingSourceTopicStopsTheStartWhenTheAppMayNotCreateTopics() {
        String topic = unique("missing");
        App app = App.create(unique("strict"), s -> s.broker(kafka.brokerUrl()).topicAllowDeclare(false));
        Topic<String, String> orders = app.topic(topic, String.class);
        app.agent("a", orders, stream -> stream.forEach(v -> { }));

        assertThatThrownBy(app::start).isInstanceOf(TransportException.class)
                .hasMessageContaining("topic '" + topic + "' does not exist (create it with 8 partitions")
                .hasMessageContaining("topic_allow_declare");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aDeclaredPartitionCountThatDiffersFromTheTopicStopsTheStart() throws Exception {
        String topic = unique("orders");
        createTopic(topic, 3);
        App app = App.create(unique("declared"), s -> s.broker(kafka.brokerUrl()));
        Topic<String, String> orders = app.topic(topic, String.class, String.class, TopicOptions.defaults().partitions(8));
        app.agent("a", orders, stream -> stream.forEach(v -> { }));

        assertThatThrownBy(app::start).isInstanceOf(TransportException.class)
                .hasMessageContaining("topic '" + topic + "' has 3 partitions but is declared with 8");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void coPartitionedTopicsWithDifferentCountsStopTheStartNamingBothCounts() throws Exception {
        String id = unique("co");
        String topic = unique("orders");
        createTopic(topic, 4);
        createTopic(id + "-count-groupby-repartition", 2);
        App app = App.create(id, s -> s.broker(kafka.brokerUrl()));
        Topic<String, String> orders = app.topic(topic, String.class);
        app.agent("count", orders.groupBy(v -> v), stream -> stream.forEach(v -> { }));

        assertThatThrownBy(app::start).isInstanceOf(TransportException.class)
                .hasMessageContaining("'" + id + "-count-groupby-repartition' has 2 partitions")
                .hasMessageContaining("'" + topic + "' has 4");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anUnreachableBrokerFailsTheRunWithinTheConnectTimeoutNamingTheAddress() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "kafka://127.0.0.1:" + port;
        App app = App.create(unique("nowhere"), s -> s.broker(url).set(Settings.BROKER_CONNECT_TIMEOUT, Duration.ofSeconds(4)));
        app.agent("a", app.topic("orders", String.class), stream -> stream.forEach(v -> { }));

        long started = System.nanoTime();
        assertThatThrownBy(app::run).isInstanceOf(TransportException.class)
                .hasMessage("Cannot reach Kafka at " + url + " within 4 s: is the broker running, the address right, and"
                        + " security_protocol (now PLAINTEXT) the protocol of its listener?"
                        + " (settings broker and security_protocol; wait longer with broker_connect_timeout)");
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(elapsedMillis).isBetween(3_000L, 15_000L);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anUnreachableBrokerFailsWithinTheDefaultTimeout() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        App app = App.create(unique("nowhere"), s -> s.broker("kafka://127.0.0.1:" + port));
        app.agent("a", app.topic("orders", String.class), stream -> stream.forEach(v -> { }));

        long started = System.nanoTime();
        assertThatThrownBy(app::start).isInstanceOf(TransportException.class)
                .hasMessageStartingWith("Cannot reach Kafka at kafka://127.0.0.1:" + port + " within 15 s");
        assertThat(System.nanoTime() - started).isLessThan(Duration.ofSeconds(30).toNanos());
    }
}
