package io.faust4j.kafka;

import static io.faust4j.kafka.OrderCountsApp.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.Worker;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The order-counts app end to end on a real (embedded) Kafka broker: exact counts, restarts, two workers. */
class KafkaOrderCountsTest {
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

    private static String uniqueId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void countsEveryOrderExactlyThroughTheRepartitionTopicAndChangelog() throws Exception {
        OrderCountsApp c = OrderCountsApp.create(uniqueId("counts"), kafka.brokerUrl(), 4, 37);
        Map<String, Long> truth = OrderCountsApp.newTruth();
        long started = System.nanoTime();
        try (Worker worker = c.app().start(); KafkaProducer<String, String> producer = c.producer(kafka.bootstrapServers())) {
            c.send(producer, 0, 20_000, truth);
            c.awaitCountsReach(truth, Duration.ofSeconds(40));
            OrderCountsApp.settle(worker);

            assertThat(c.readCounts()).isEqualTo(new java.util.TreeMap<>(truth));
            assertThat(worker.stats().eventsProcessed()).isEqualTo(2 * 20_000);
            assertThat(worker.stats().decodeErrors()).isZero();
            assertThat(worker.assignedPartitions()).containsExactlyInAnyOrder(0, 1, 2, 3);
        }
        System.out.printf("20,000 orders counted end to end on Kafka in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aWorkerStoppedMidStreamAndStartedAgainCountsEveryOrder() throws Exception {
        OrderCountsApp c = OrderCountsApp.create(uniqueId("restart"), kafka.brokerUrl(), 4, 23);
        Map<String, Long> truth = new java.util.concurrent.ConcurrentHashMap<>();
        try (KafkaProducer<String, String> producer = c.producer(kafka.bootstrapServers())) {
            Worker first = c.app().start();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        c.send(producer, i * 150, (i + 1) * 150, truth);
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            awaitCondition("the first worker processing orders", Duration.ofSeconds(30),
                    () -> first.stats().eventsProcessed() > 4_000);
            first.stop();
            long eventsOfFirst = first.stats().eventsProcessed();
            assertThat(producing).as("still producing when the first worker stopped").isNotDone();

            try (Worker second = c.app().start()) {
                producing.get(60, TimeUnit.SECONDS);
                Map<String, Long> counts = c.awaitCountsReach(truth, Duration.ofSeconds(40));
                OrderCountsApp.settle(second);
                counts = c.readCounts();

                assertThat(second.stats().recoveredRecords()).as("table state recovered from the changelog").isPositive();
                truth.forEach((account, n) -> assertThat(c.readCounts().get(account)).as(account).isGreaterThanOrEqualTo(n));
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                System.out.printf("restart: %d orders, %d counted, %d counted twice; the first worker handled %d events%n",
                        15_000, total, total - 15_000, eventsOfFirst);
            }
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void twoWorkersSplitThePartitionsAndTheSurvivorRecoversTheStoppedWorkersTables() throws Exception {
        // without standby copies, so the survivor replays the moved partitions' changelogs
        OrderCountsApp c = OrderCountsApp.create(uniqueId("pair"), kafka.brokerUrl(), 4, 29,
                s -> s.set(io.faust4j.Settings.TABLE_STANDBY_REPLICAS, 0));
        Map<String, Long> truth = OrderCountsApp.newTruth();
        Worker first = c.app().start();
        Worker second = c.app().start();
        try (KafkaProducer<String, String> producer = c.producer(kafka.bootstrapServers())) {
            awaitCondition("both workers assigned", Duration.ofSeconds(30), () -> !first.assignedPartitions().isEmpty()
                    && !second.assignedPartitions().isEmpty() && union(first, second).size() == 4);
            assertThat(first.assignedPartitions()).doesNotContainAnyElementsOf(second.assignedPartitions());
            assertThat(union(first, second)).containsExactlyInAnyOrder(0, 1, 2, 3);
            Set<Integer> movedAway = second.assignedPartitions();

            c.send(producer, 0, 6_000, truth);
            awaitCondition("both workers processed the first orders", Duration.ofSeconds(40),
                    () -> first.stats().eventsProcessed() + second.stats().eventsProcessed() >= 2 * 6_000);
            OrderCountsApp.settle(first);
            OrderCountsApp.settle(second);
            long recoveredBefore = first.stats().recoveredRecords();

            second.stop();
            awaitCondition("the survivor takes every partition", Duration.ofSeconds(30),
                    () -> first.assignedPartitions().size() == 4);
            assertThat(first.stats().recoveredRecords()).as("records of %s recovered from the changelog", movedAway)
                    .isGreaterThan(recoveredBefore);

            c.send(producer, 6_000, 12_000, truth);
            c.awaitCountsReach(truth, Duration.ofSeconds(40));
            OrderCountsApp.settle(first);
            assertThat(c.readCounts()).isEqualTo(new java.util.TreeMap<>(truth));
        } finally {
            second.stop();
            first.stop();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aJoiningWorkerTakesOnlyItsSharePartitionsThatStayKeepRunning() throws Exception {
        joiningWorker(OrderCountsApp.create(uniqueId("coop"), kafka.brokerUrl(), 4, 31));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void underExactlyOnceTooAJoiningWorkerTakesOnlyItsSharePartitionsThatStayKeepRunning() throws Exception {
        joiningWorker(OrderCountsApp.create(uniqueId("coop-eos"), kafka.brokerUrl(), 4, 31,
                s -> s.processingGuarantee(io.faust4j.ProcessingGuarantee.EXACTLY_ONCE)));
    }

    private void joiningWorker(OrderCountsApp c) throws Exception {
        Map<String, Long> truth = OrderCountsApp.newTruth();
        Worker first = c.app().start();
        Worker second = null;
        java.util.List<Set<Integer>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (watching.get()) {
                seen.add(Set.copyOf(first.assignedPartitions()));
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        });
        try (KafkaProducer<String, String> producer = c.producer(kafka.bootstrapServers())) {
            awaitCondition("the first worker holds every partition", Duration.ofSeconds(30),
                    () -> first.assignedPartitions().size() == 4);
            c.send(producer, 0, 3_000, truth);
            second = c.app().start();
            Worker joined = second;
            awaitCondition("the second worker has its share", Duration.ofSeconds(30),
                    () -> joined.assignedPartitions().size() == 2 && first.assignedPartitions().size() == 2);
            c.send(producer, 3_000, 6_000, truth);
            awaitCondition("both workers processed every order", Duration.ofSeconds(40),
                    () -> first.stats().eventsProcessed() + joined.stats().eventsProcessed() >= 2 * 6_000);
            watching.set(false);
            watcher.join();
            Set<Integer> kept = first.assignedPartitions();
            assertThat(seen).as("the first worker's partitions while the second joined").isNotEmpty()
                    .allSatisfy(partitions -> assertThat(partitions).as("never revoked: the partitions it kept")
                            .containsAll(kept));
            assertThat(kept).doesNotContainAnyElementsOf(second.assignedPartitions());
            OrderCountsApp.settle(second);
            second.stop(); // one worker left in this JVM, so the table can be read from outside an agent
            awaitCondition("the first worker takes every partition back", Duration.ofSeconds(30),
                    () -> first.assignedPartitions().size() == 4);
            c.awaitCountsReach(truth, Duration.ofSeconds(40));
            assertThat(c.readCounts()).isEqualTo(new java.util.TreeMap<>(truth));
        } finally {
            watching.set(false);
            if (second != null) {
                second.stop();
            }
            first.stop();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aStandbyCopyLetsTheSurvivorTakeOverReplayingOnlyTheTail() throws Exception {
        standbyTakeover(OrderCountsApp.create(uniqueId("standby"), kafka.brokerUrl(), 4, 997));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void underExactlyOnceTooAStandbyCopyLetsTheSurvivorTakeOverReplayingOnlyTheTail() throws Exception {
        standbyTakeover(OrderCountsApp.create(uniqueId("standby-eos"), kafka.brokerUrl(), 4, 997,
                s -> s.processingGuarantee(io.faust4j.ProcessingGuarantee.EXACTLY_ONCE)));
    }

    private void standbyTakeover(OrderCountsApp c) throws Exception {
        Map<String, Long> truth = OrderCountsApp.newTruth();
        Worker first = c.app().start();
        Worker second = c.app().start();
        try (KafkaProducer<String, String> producer = c.producer(kafka.bootstrapServers())) {
            awaitCondition("both workers have their share", Duration.ofSeconds(30),
                    () -> first.assignedPartitions().size() == 2 && second.assignedPartitions().size() == 2);
            assertThat(first.isLeader() ^ second.isLeader()).as("exactly one of the two workers leads").isTrue();
            c.send(producer, 0, 20_000, truth);
            awaitCondition("both workers processed every order", Duration.ofSeconds(60),
                    () -> first.stats().eventsProcessed() + second.stats().eventsProcessed() >= 2 * 20_000);
            OrderCountsApp.settle(first);
            OrderCountsApp.settle(second);
            long written = second.stats().changelogRecords();
            awaitCondition("the first worker's standby copies of the second's partitions caught up",
                    Duration.ofSeconds(30), () -> ((io.faust4j.internal.WorkerImpl) first).standbyRecords() >= written);
            long recoveredBefore = first.stats().recoveredRecords();

            second.stop();
            awaitCondition("the survivor takes every partition", Duration.ofSeconds(30),
                    () -> first.assignedPartitions().size() == 4);
            assertThat(first.isLeader()).as("the survivor leads").isTrue();
            long replayed = first.stats().recoveredRecords() - recoveredBefore;
            assertThat(replayed).as("replayed on takeover (the second worker wrote %d changelog records)", written)
                    .isLessThan(written / 10);

            c.send(producer, 20_000, 24_000, truth);
            c.awaitCountsReach(truth, Duration.ofSeconds(40));
            OrderCountsApp.settle(first);
            assertThat(c.readCounts()).isEqualTo(new java.util.TreeMap<>(truth));
            System.out.printf("standby takeover: %d changelog records replayed (the leaving worker wrote %d)%n",
                    replayed, written);
        } finally {
            second.stop();
            first.stop();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aNewWorkerWarmsUpCopiesBeforeItTakesPartitionsOver() throws Exception {
        java.util.function.Consumer<io.faust4j.Settings.Builder> warmups = s -> s
                .set(io.faust4j.Settings.TABLE_ACCEPTABLE_RECOVERY_LAG, 50L)
                .set(io.faust4j.Settings.TABLE_PROBING_REBALANCE_INTERVAL, Duration.ofSeconds(1));
        OrderCountsApp c = OrderCountsApp.create(uniqueId("warm"), kafka.brokerUrl(), 4, 2_003, warmups);
        Map<String, Long> truth = OrderCountsApp.newTruth();
        Worker first = c.app().start();
        Worker second = null;
        try (KafkaProducer<String, String> producer = c.producer(kafka.bootstrapServers())) {
            awaitCondition("the first worker holds every partition", Duration.ofSeconds(30),
                    () -> first.assignedPartitions().size() == 4);
            c.send(producer, 0, 20_000, truth);
            awaitCondition("the first worker processed every order", Duration.ofSeconds(60),
                    () -> first.stats().eventsProcessed() >= 2 * 20_000);
            OrderCountsApp.settle(first);
            second = c.app().start();
            Worker joined = second;
            // the joining worker's copies are thousands of records behind (acceptable: 50): it warms up first
            awaitCondition("the new worker takes its share once warm", Duration.ofSeconds(60),
                    () -> joined.assignedPartitions().size() == 2 && first.assignedPartitions().size() == 2);
            assertThat(((io.faust4j.internal.WorkerImpl) joined).standbyRecords())
                    .as("the new worker read the changelogs into warm-up copies").isPositive();
            assertThat(joined.stats().recoveredRecords()).as("replayed at handover: only what the warm-up had not read")
                    .isLessThan(((io.faust4j.internal.WorkerImpl) joined).standbyRecords());
            System.out.printf("warm-up: %d records read as copies, %d replayed at handover%n",
                    ((io.faust4j.internal.WorkerImpl) joined).standbyRecords(), joined.stats().recoveredRecords());
        } finally {
            if (second != null) {
                second.stop();
            }
        }
        try (KafkaProducer<String, String> producer = c.producer(kafka.bootstrapServers())) {
            awaitCondition("the first worker takes every partition back", Duration.ofSeconds(30),
                    () -> first.assignedPartitions().size() == 4);
            c.send(producer, 20_000, 22_000, truth);
            c.awaitCountsReach(truth, Duration.ofSeconds(40));
            assertThat(c.readCounts()).isEqualTo(new java.util.TreeMap<>(truth));
        } finally {
            first.stop();
        }
    }

    private static Set<Integer> union(Worker a, Worker b) {
        Set<Integer> all = new TreeSet<>(a.assignedPartitions());
        all.addAll(b.assignedPartitions());
        return all;
    }

    record Price(String product, double price) {}

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aGlobalTableWrittenByItsOwnersIsWholeOnEveryWorker() throws Exception {
        String id = uniqueId("global");
        java.util.function.Supplier<io.faust4j.App> app = () -> {
            io.faust4j.App a = io.faust4j.App.create(id, s -> s.broker(kafka.brokerUrl()).topicPartitions(4)
                    .commitInterval(Duration.ofMillis(100)).set(io.faust4j.Settings.BROKER_HEARTBEAT_INTERVAL,
                            Duration.ofMillis(300)));
            io.faust4j.Topic<String, Price> prices = a.topic(id + "-prices", Price.class);
            io.faust4j.GlobalTable<String, Double> table = a.globalTable("price", String.class, Double.class);
            a.agent("ingest", prices.groupBy(Price::product), stream -> {
                for (Price price : stream) {
                    table.put(price.product(), price.price());
                }
            });
            return a;
        };
        io.faust4j.App one = app.get();
        io.faust4j.App two = app.get();
        try (Worker w1 = one.start(); Worker w2 = two.start()) {
            awaitCondition("the two workers split the partitions", Duration.ofSeconds(60),
                    () -> w1.assignedPartitions().size() == 2 && w2.assignedPartitions().size() == 2);
            @SuppressWarnings("unchecked")
            io.faust4j.Topic<String, Price> prices = (io.faust4j.Topic<String, Price>) one.topics().stream()
                    .filter(t -> t.name().equals(id + "-prices")).findFirst().orElseThrow();
            for (int i = 0; i < 200; i++) {
                prices.send("p" + i, new Price("product-" + i, i));
            }
            for (io.faust4j.App a : new io.faust4j.App[] {one, two}) {
                @SuppressWarnings("unchecked")
                io.faust4j.Table<String, Double> table = (io.faust4j.Table<String, Double>) a.tables().get(0);
                awaitCondition("every product's price on every worker", Duration.ofSeconds(60), () -> {
                    for (int i = 0; i < 200; i++) {
                        if (!table.find("product-" + i).equals(java.util.Optional.of((double) i))) {
                            return false;
                        }
                    }
                    return true;
                });
                assertThat(table.size()).isEqualTo(200);
            }
        }
    }
}
