package io.faust4j.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.FaustRecord;
import io.faust4j.Settings;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With {@code faust_compat}, an app reads and writes Faust's table changelogs and repartition topics. */
class FaustCompatTest {
    @FaustRecord("proj.models.Order")
    record Order(String orderId, String accountId, int amount) {
    }

    /** The Faust app's topics: {@code orders}, the agent's repartition topic, the table's changelog. */
    private static final String REPARTITION = "proj.agents.count_orders-orders-account_id-repartition";
    private static final String CHANGELOG = "proj-order_count-changelog";
    private static final int PARTITIONS = 4;

    private final String broker = "faust-compat-" + UUID.randomUUID();

    record Counts(App app, Topic<String, Order> orders, Table<String, Long> counts) {
    }

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    /** Faust's {@code count_orders} agent in {@code proj/agents.py}, as a faust4j app. */
    private Counts countOrders(Consumer<Settings.Builder> settings) {
        App app = App.create("proj", s -> {
            s.broker("memory://" + broker).topicPartitions(PARTITIONS).commitInterval(Duration.ofMillis(50));
            settings.accept(s);
        });
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Table<String, Long> counts = app.table("order_count", String.class, Long.class, 0L);
        app.agent("proj.agents.count_orders", orders.groupBy("account_id", String.class, Order::accountId), stream -> {
            for (Order order : stream) {
                counts.update(order.accountId(), n -> n + 1);
            }
        });
        return new Counts(app, orders, counts);
    }

    private List<ConsumedRecord> read(String topic, int partition) {
        return MemoryBroker.named(broker).read(new TopicPartition(topic, partition), 0);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }

    @Test
    void writesChangelogsAndRepartitionTopicsAsFaustDoes() {
        Counts c = countOrders(s -> s.faustCompat(true));
        try (Worker worker = c.app().start()) {
            for (int i = 0; i < 40; i++) {
                c.orders().send("o-" + i, new Order("o-" + i, "acc-" + (i % 5), i));
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
        }
        Map<String, String> changelog = new HashMap<>();
        int repartitioned = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            for (ConsumedRecord r : read(REPARTITION, p)) {
                repartitioned++;
                assertThat(text(r.key())).as("raw key, as Faust's default key_serializer").startsWith("acc-");
                assertThat(Murmur2.partition(r.key(), PARTITIONS)).isEqualTo(p);
                assertThat(text(r.value())).as("the value bytes as sent").contains("\"account_id\":\"acc-")
                        .endsWith(",\"__faust\":{\"ns\":\"proj.models.Order\"}}");
            }
            for (ConsumedRecord r : read(CHANGELOG, p)) {
                String key = text(r.key());
                assertThat(Murmur2.partition(key.substring(1, key.length() - 1).getBytes(UTF_8), PARTITIONS))
                        .as("in the partition of the event, as Faust writes it").isEqualTo(p);
                changelog.put(key, text(r.value()));
            }
        }
        assertThat(repartitioned).isEqualTo(40);
        assertThat(changelog).containsExactlyInAnyOrderEntriesOf(Map.of("\"acc-0\"", "8", "\"acc-1\"", "8",
                "\"acc-2\"", "8", "\"acc-3\"", "8", "\"acc-4\"", "8"));
    }

    @Test
    void recoversATableFromAFaustChangelogWithTheRightKeys() {
        MemoryBroker memory = MemoryBroker.named(broker);
        memory.createTopic(new TopicSpec(CHANGELOG, PARTITIONS, 1, true, true, Map.of()));
        Map<String, Long> faustCounts = Map.of("acc-1", 5L, "acc-2", 2L, "äcc-3", 7L);
        faustCounts.forEach((account, n) -> {
            int partition = Murmur2.partition(account.getBytes(UTF_8), PARTITIONS);
            // an older value first: recovery keeps the last
            memory.append(new TopicPartition(CHANGELOG, partition), ("\"" + account + "\"").getBytes(UTF_8),
                    "1".getBytes(UTF_8), 0L, List.of());
            memory.append(new TopicPartition(CHANGELOG, partition), ("\"" + account + "\"").getBytes(UTF_8),
                    Long.toString(n).getBytes(UTF_8), 0L, List.of());
        });
        // del order_count["acc-9"]: Faust writes a tombstone (the value None) after the last value
        int gone = Murmur2.partition("acc-9".getBytes(UTF_8), PARTITIONS);
        memory.append(new TopicPartition(CHANGELOG, gone), "\"acc-9\"".getBytes(UTF_8), "4".getBytes(UTF_8), 0L, List.of());
        memory.append(new TopicPartition(CHANGELOG, gone), "\"acc-9\"".getBytes(UTF_8), null, 0L, List.of());
        Counts c = countOrders(s -> s.faustCompat(true));
        try (Worker worker = c.app().start()) {
            c.orders().send("o-x", new Order("o-x", "acc-1", 1));
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(c.counts().get("acc-1")).isEqualTo(6L);
            assertThat(c.counts().get("acc-2")).isEqualTo(2L);
            assertThat(c.counts().get("äcc-3")).isEqualTo(7L);
            Map<String, Long> all = new HashMap<>();
            c.counts().forEach(all::put);
            assertThat(all).containsOnlyKeys("acc-1", "acc-2", "äcc-3");
        }
    }

    @Test
    void withoutFaustCompatNamesAndKeysStayFaust4js() {
        Counts c = countOrders(s -> { });
        try (Worker worker = c.app().start()) {
            c.orders().send("o-1", new Order("o-1", "acc-1", 1));
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
        }
        int p = Murmur2.partition("acc-1".getBytes(UTF_8), PARTITIONS);
        assertThat(read("proj-proj.agents.count_orders-account_id-repartition", p)).hasSize(1);
        assertThat(text(read(CHANGELOG, p).getFirst().key())).isEqualTo("acc-1");
        assertThat(text(read("orders", Murmur2.partition("o-1".getBytes(UTF_8), PARTITIONS)).getFirst().value()))
                .isEqualTo("{\"orderId\":\"o-1\",\"accountId\":\"acc-1\",\"amount\":1,\"__faust\":{\"ns\":\"proj.models.Order\"}}");
    }

    @Test
    void aTopicCanChooseItsJsonDialectWhateverTheAppsSetting() {
        App app = App.create("dialects", s -> s.broker("memory://" + broker).topicPartitions(1));
        io.faust4j.TopicOptions faust = io.faust4j.TopicOptions.defaults().valueSerializer("json-faust");
        io.faust4j.TopicOptions jackson = io.faust4j.TopicOptions.defaults().valueSerializer("json-jackson");
        Topic<String, Order> snake = app.topic("snake", String.class, Order.class, faust);
        Topic<String, Order> plain = app.topic("plain", String.class, Order.class, jackson);
        Topic<String, Order> usual = app.topic("usual", Order.class);
        App faustApp = App.create("dialects-faust", s -> s.broker("memory://" + broker).topicPartitions(1)
                .set(Settings.JSON_DIALECT, "faust"));
        Topic<String, Order> kept = faustApp.topic("kept", String.class, Order.class, jackson);
        try (Worker worker = app.start()) {
            snake.send("o-1", new Order("o-1", "acc-1", 1));
            plain.send("o-1", new Order("o-1", "acc-1", 1));
            usual.send("o-1", new Order("o-1", "acc-1", 1));
        }
        try (Worker worker = faustApp.start()) {
            kept.send("o-1", new Order("o-1", "acc-1", 1));
        }
        String faustJson = "{\"order_id\":\"o-1\",\"account_id\":\"acc-1\",\"amount\":1,\"__faust\":{\"ns\":\"proj.models.Order\"}}";
        String jacksonJson = "{\"orderId\":\"o-1\",\"accountId\":\"acc-1\",\"amount\":1,\"__faust\":{\"ns\":\"proj.models.Order\"}}";
        assertThat(text(read("snake", 0).getFirst().value())).isEqualTo(faustJson);
        assertThat(text(read("plain", 0).getFirst().value())).isEqualTo(jacksonJson);
        assertThat(text(read("usual", 0).getFirst().value())).isEqualTo(jacksonJson);
        assertThat(text(read("kept", 0).getFirst().value())).as("json-jackson in an app of the faust dialect")
                .isEqualTo(jacksonJson);
        assertThat(io.faust4j.Codecs.forName("json-faust", Order.class).decode(faustJson.getBytes(UTF_8)))
                .isEqualTo(new Order("o-1", "acc-1", 1));
    }

    @Test
    void tableKeySerializerAloneMakesTableKeysJson() {
        Counts c = countOrders(s -> s.set(Settings.TABLE_KEY_SERIALIZER, "json"));
        try (Worker worker = c.app().start()) {
            c.orders().send("o-1", new Order("o-1", "acc-1", 1));
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            assertThat(c.counts().get("acc-1")).as("read outside an agent: the key's partition, as topics hash it")
                    .isEqualTo(1L);
        }
        int p = Murmur2.partition("acc-1".getBytes(UTF_8), PARTITIONS);
        assertThat(text(read(CHANGELOG, p).getFirst().key())).isEqualTo("\"acc-1\"");
    }

    @Test
    void tableValuesAreJsonAsInFaustWhateverTheValueSerializer() {
        App app = App.create("proj", s -> s.broker("memory://" + broker).topicPartitions(1).faustCompat(true)
                .valueSerializer("raw"));
        Topic<String, String> lines = app.topic("lines", String.class);
        Table<String, String> last = app.table("last_line", String.class, String.class);
        app.agent("proj.agents.keep_last", lines, stream -> {
            for (var item : stream.items()) {
                last.put(item.key(), item.value());
            }
        });
        try (Worker worker = app.start()) {
            lines.send("k-1", "hello");
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
        }
        assertThat(text(read("lines", 0).getFirst().value())).isEqualTo("hello");
        ConsumedRecord change = read("proj-last_line-changelog", 0).getFirst();
        assertThat(text(change.key())).isEqualTo("\"k-1\"");
        assertThat(text(change.value())).isEqualTo("\"hello\"");
    }

    @Test
    void faustCompatSetsTheDefaultsAndExplicitSettingsWin() {
        Settings plain = Settings.builder("proj").build();
        assertThat(plain.tableKeySerializer(String.class)).isEqualTo("raw");
        assertThat(plain.tableKeySerializer(Long.class)).isEqualTo("json");
        assertThat(plain.tableValueSerializer(Long.class)).isEqualTo("json");
        assertThat(plain.faustJson()).isFalse();

        Settings compat = Settings.builder("proj").faustCompat(true).valueSerializer("raw").build();
        assertThat(compat.tableKeySerializer(String.class)).isEqualTo("json");
        assertThat(compat.tableKeySerializer(byte[].class)).isEqualTo("raw");
        assertThat(compat.tableValueSerializer(String.class)).isEqualTo("json");
        assertThat(compat.tableValueSerializer(byte[].class)).isEqualTo("raw");
        assertThat(compat.faustJson()).isTrue();

        Settings overridden = Settings.builder("proj").faustCompat(true).environment(Map.of(
                "FAUST4J_TABLE_KEY_SERIALIZER", "raw", "FAUST4J_JSON_DIALECT", "jackson")).build();
        assertThat(overridden.tableKeySerializer(String.class)).isEqualTo("raw");
        assertThat(overridden.faustJson()).isFalse();
        assertThat(Settings.builder("proj").set("json_dialect", "faust").build().faustJson()).isTrue();
    }

    @Test
    void aBadTableSerializerFailsNamingTheSetting() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Settings.builder("proj")
                        .set("table_key_serializer", "jsn").build())
                .hasMessageContaining("table_key_serializer").hasMessageContaining("jsn");
    }

    @Test
    void aSecondGroupByOfAnAgentGetsNoSecondPrefix() {
        Settings settings = Settings.builder("proj").faustCompat(true).build();
        assertThat(Topology.repartitionTopicName(settings, "proj.agents.a", "orders", false, "account_id"))
                .isEqualTo("proj.agents.a-orders-account_id-repartition");
        assertThat(Topology.repartitionTopicName(settings, "proj.agents.a", "proj.agents.a-orders-account_id-repartition",
                true, "region")).isEqualTo("proj.agents.a-orders-account_id-repartition-region-repartition");
    }
}
