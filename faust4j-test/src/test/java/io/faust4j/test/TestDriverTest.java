package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Codecs;
import io.faust4j.Event;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.internal.Murmur2;
import io.faust4j.internal.memory.MemoryBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestDriverTest {
    record Order(String orderId, String accountId, int amount) {}

    /** A small app: counts orders per account and sends a receipt for each. */
    record Shop(App app, Topic<String, Order> orders, Topic<String, String> receipts, Table<String, Long> counts,
                Agent<String, Order> count) {
        static Shop create() {
            App app = App.create("shop", s -> s.topicPartitions(4));
            Topic<String, Order> orders = app.topic("orders", Order.class);
            Topic<String, String> receipts = app.topic("receipts", String.class);
            Table<String, Long> counts = app.table("order-count", String.class, Long.class, 0L);
            Agent<String, Order> count = app.agent("count", orders.groupBy(Order::accountId), stream -> {
                for (Order order : stream) {
                    long n = counts.update(order.accountId(), c -> c + 1);
                    receipts.send(order.accountId(), order.orderId() + " is order #" + n);
                    stream.emit(n);
                }
            });
            return new Shop(app, orders, receipts, counts, count);
        }
    }

    private TestDriver driver;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private static Order order(int i, String account) {
        return new Order("o-" + i, account, i);
    }

    @Test
    void putReturnsOnceTheAgentHasProcessedTheEvent() {
        Shop shop = Shop.create();
        driver = TestDriver.create(shop.app());
        for (int i = 0; i < 3; i++) {
            driver.put(shop.count(), "o-" + i, order(i, "acc-1"));
        }
        assertThat(driver.table(shop.counts())).containsExactly(Map.entry("acc-1", 3L));
        assertThat(driver.emitted(shop.count())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anExactlyOnceAppRunsOnTransactionsAndSurvivesARestart() {
        App app = App.create("shop-eos", s -> s.topicPartitions(4)
                .processingGuarantee(io.faust4j.ProcessingGuarantee.EXACTLY_ONCE));
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Topic<String, String> receipts = app.topic("receipts", String.class);
        Table<String, Long> counts = app.table("order-count", String.class, Long.class, 0L);
        app.agent("count", orders.groupBy(Order::accountId), stream -> {
            for (Order order : stream) {
                long n = counts.update(order.accountId(), c -> c + 1);
                receipts.send(order.accountId(), order.orderId() + " is order #" + n);
            }
        });
        driver = TestDriver.create(app);
        assertThat(driver.worker().settings().processingGuarantee())
                .isEqualTo(io.faust4j.ProcessingGuarantee.EXACTLY_ONCE);
        for (int i = 0; i < 30; i++) {
            driver.send(orders, "o-" + i, order(i, "acc-" + (i % 3)));
        }
        driver.process();
        assertThat(driver.table(counts)).containsOnly(Map.entry("acc-0", 10L), Map.entry("acc-1", 10L),
                Map.entry("acc-2", 10L));
        assertThat(driver.sent(receipts)).hasSize(30);
        driver.restart();
        driver.send(orders, "o-30", order(30, "acc-0"));
        driver.process();
        assertThat(driver.table(counts)).containsEntry("acc-0", 11L);
        assertThat(driver.sent(receipts)).hasSize(31);
    }

    @Test
    void sentHoldsWhatAgentsSentButNotWhatTheDriverSent() {
        Shop shop = Shop.create();
        driver = TestDriver.create(shop.app());
        driver.send(shop.receipts(), "acc-1", "written by the test");
        driver.send(shop.receipts(), "written by the test, without key");
        driver.put(shop.count(), "o-1", order(1, "acc-1"));
        driver.put(shop.count(), "o-2", order(2, "acc-1"));

        List<Sent<String, String>> sent = driver.sent(shop.receipts());
        assertThat(sent).extracting(Sent::value).containsExactly("o-1 is order #1", "o-2 is order #2");
        assertThat(sent).extracting(s -> s.key().orElseThrow()).containsOnly("acc-1");
        assertThat(sent).allSatisfy(s -> assertThat(s.topic()).isEqualTo("receipts"));
        assertThat(driver.sentValues(shop.receipts())).containsExactly("o-1 is order #1", "o-2 is order #2");
    }

    @Test
    void sentRecordsAreInTheKeysPartitionOrderedByPartitionThenOffset() {
        Shop shop = Shop.create();
        driver = TestDriver.create(shop.app());
        for (int i = 0; i < 40; i++) {
            driver.send(shop.orders(), "o-" + i, order(i, "acc-" + (i % 9)));
        }
        driver.process();

        List<Sent<String, String>> sent = driver.sent(shop.receipts());
        assertThat(sent).hasSize(40);
        assertThat(sent).isSortedAccordingTo(Comparator.comparingInt((Sent<String, String> s) -> s.partition())
                .thenComparingLong(Sent::offset));
        assertThat(sent).allSatisfy(s -> assertThat(s.partition())
                .isEqualTo(Murmur2.partition(s.key().orElseThrow().getBytes(StandardCharsets.UTF_8), 4)));
        assertThat(sent.stream().map(Sent::partition).distinct().count()).as("several partitions used").isGreaterThan(1);
    }

    @Test
    void internalTopicsCanBeReadByName() {
        Shop shop = Shop.create();
        driver = TestDriver.create(shop.app());
        for (int i = 0; i < 10; i++) {
            driver.send(shop.orders(), "o-" + i, order(i, "acc-" + (i % 3)));
        }
        driver.process();

        assertThat(driver.topicNames()).contains("orders", "receipts", "shop-count-groupby-repartition",
                "shop-order-count-changelog");
        var grouped = driver.sent("shop-count-groupby-repartition", Codecs.raw(String.class), Codecs.json(Order.class));
        assertThat(grouped).hasSize(10);
        assertThat(grouped).allSatisfy(s -> assertThat(s.key()).contains(s.value().accountId()));
        assertThatThrownBy(() -> driver.sent("no-such-topic", Codecs.raw(String.class), Codecs.raw(String.class)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-topic")
                .hasMessageContaining("receipts");
    }

    @Test
    void tableSnapshotHoldsTheEntriesOfEveryPartition() {
        Shop shop = Shop.create();
        driver = TestDriver.create(shop.app());
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            String account = "acc-" + (i % 20);
            driver.send(shop.orders(), "o-" + i, order(i, account));
            expected.merge(account, 1L, Long::sum);
        }
        driver.process();
        assertThat(driver.table(shop.counts())).isEqualTo(expected);
    }

    @Test
    void restartRecoversTablesFromChangelogsAndGoesOnFromCommittedOffsets() {
        Shop shop = Shop.create();
        driver = TestDriver.create(shop.app());
        for (int i = 0; i < 5; i++) {
            driver.send(shop.orders(), "o-" + i, order(i, "acc-1"));
        }
        driver.process();
        var before = driver.worker();

        driver.restart();

        assertThat(driver.worker()).isNotSameAs(before);
        assertThat(before.isRunning()).isFalse();
        assertThat(driver.worker().stats().recoveredRecords()).isPositive();
        assertThat(driver.table(shop.counts())).containsExactly(Map.entry("acc-1", 5L));
        driver.put(shop.count(), "o-5", order(5, "acc-1"));
        assertThat(driver.table(shop.counts())).containsExactly(Map.entry("acc-1", 6L));
        assertThat(driver.emitted(shop.count())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(driver.worker().stats().eventsProcessed())
                .as("the new worker processes only the new order (plus its repartition hop)").isEqualTo(2);
    }

    @Test
    void eventTimestampsAndAgentSendsComeFromTheManualClock() {
        App app = App.create("clocked", s -> s.topicPartitions(1));
        Topic<String, String> in = app.topic("in", String.class);
        Topic<String, String> out = app.topic("out", String.class);
        Agent<String, String> stamp = app.agent("stamp", in, stream -> {
            for (Event<String, String> event : stream.events()) {
                stream.emit(event.timestamp());
                out.send(event.value());
            }
        });
        driver = TestDriver.create(app);
        long t0 = driver.clock().millis();
        driver.put(stamp, "first");
        driver.clock().advance(Duration.ofMinutes(5));
        driver.put(stamp, "second");

        assertThat(t0).isEqualTo(ManualClock.DEFAULT_START.toEpochMilli());
        assertThat(driver.emitted(stamp)).containsExactly(t0, t0 + 300_000);
        assertThat(driver.sent(out)).extracting(Sent::timestamp).containsExactly(t0, t0 + 300_000);
    }

    @Test
    void keylessSendsAreSpreadRoundRobinOverPartitions() {
        App app = App.create("spread", s -> s.topicPartitions(4));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Agent<String, Integer> where = app.agent("where", numbers, stream -> {
            for (Integer n : stream) {
                stream.emit(stream.partition());
            }
        });
        driver = TestDriver.create(app);
        for (int i = 0; i < 8; i++) {
            driver.send(numbers, i);
        }
        driver.process();
        assertThat(driver.emitted(where)).hasSize(8).containsOnly(0, 1, 2, 3)
                .filteredOn(p -> p.equals(2)).hasSize(2);
    }

    @Test
    void putRejectsAKeyTheAgentsTopicDoesNotTake() {
        App app = App.create("typed", s -> s.topicPartitions(2));
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Agent<Integer, Order> byAmount = app.agent("by-amount", orders.groupBy("amount", Integer.class, Order::amount),
                stream -> stream.forEach(stream::emit));
        driver = TestDriver.create(app);
        assertThatThrownBy(() -> driver.put(byAmount, 7, order(1, "acc-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("by-amount").hasMessageContaining("String").hasMessageContaining("Integer");
        driver.put(byAmount, order(1, "acc-1"));
        assertThat(driver.emitted(byAmount)).containsExactly(order(1, "acc-1"));
    }

    @Test
    void rejectsTopicsAgentsAndTablesOfAnotherApp() {
        Shop shop = Shop.create();
        Shop other = Shop.create();
        driver = TestDriver.create(shop.app());
        assertThatThrownBy(() -> driver.send(other.orders(), "o-1", order(1, "acc-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not declared in app 'shop'");
        assertThatThrownBy(() -> driver.emitted(other.count())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver.table(other.counts())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void channelsCanBeFedButTheirRecordsAreNotKept() {
        App app = App.create("chan", s -> s.topicPartitions(1));
        Topic<String, String> words = app.channel("words", String.class);
        Agent<String, String> shout = app.agent("shout", words, stream -> {
            for (String word : stream) {
                stream.emit(word.toUpperCase());
            }
        });
        driver = TestDriver.create(app);
        driver.put(shout, "hey");
        driver.put(shout, "k", "you");
        assertThat(driver.emitted(shout)).containsExactly("HEY", "YOU");
        assertThatThrownBy(() -> driver.sent(words)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel");
    }

    @Test
    void closeDiscardsTheBrokerAndLeavesTheDriverUnusable() {
        Shop shop = Shop.create();
        driver = TestDriver.create(shop.app());
        driver.put(shop.count(), "o-1", order(1, "acc-1"));
        String broker = driver.brokerUrl().substring("memory://".length());
        assertThat(MemoryBroker.named(broker).topicNames()).contains("orders");

        driver.close();
        driver.close();

        assertThat(MemoryBroker.named(broker).topicNames()).isEmpty();
        MemoryBroker.discard(broker);
        assertThatThrownBy(() -> driver.put(shop.count(), "o-2", order(2, "acc-1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(shop.app().agents()).hasSize(1);
    }

    @Test
    void eachDriverHasItsOwnBroker() {
        Shop first = Shop.create();
        Shop second = Shop.create();
        driver = TestDriver.create(first.app());
        try (TestDriver other = TestDriver.create(second.app())) {
            driver.put(first.count(), "o-1", order(1, "acc-1"));
            other.process();
            assertThat(other.brokerUrl()).isNotEqualTo(driver.brokerUrl());
            assertThat(other.table(second.counts())).isEmpty();
            assertThat(driver.table(first.counts())).containsEntry("acc-1", 1L);
        }
    }
}
