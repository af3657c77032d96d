package io.faust4j.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.App;
import io.faust4j.ConfigurationException;
import io.faust4j.ProcessingGuarantee;
import io.faust4j.Settings;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.KeyRange;
import io.faust4j.spi.PartitionStore;
import io.faust4j.spi.Stores;
import io.faust4j.spi.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables on {@code rocksdb://} in a running worker (memory transport): restart, tail replay, wipes, locks. */
class RocksDbTablesTest {
    private static final int PARTITIONS = 4;

    record Order(String orderId, String accountId) {}

    @TempDir
    Path temp;

    private final String broker = "rocks-" + UUID.randomUUID();
    private final MemoryBroker memory = MemoryBroker.named(broker);
    private final Map<String, Long> truth = new HashMap<>();
    private int sent;

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private record Counting(App app, Topic<String, Order> orders, Table<String, Long> counts) {}

    private Counting app(ProcessingGuarantee guarantee) {
        App app = App.create("rocks", s -> s.broker("memory://" + broker).topicPartitions(PARTITIONS)
                .store("rocksdb://").processingGuarantee(guarantee).commitInterval(Duration.ofMillis(20)));
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
        app.agent("count", orders.groupBy(Order::accountId), stream -> {
            for (Order order : stream) {
                counts.update(order.accountId(), n -> n + 1);
            }
        });
        return new Counting(app, orders, counts);
    }

    private Worker start(Counting c, Path datadir) {
        return c.app().start(s -> s.datadir(datadir));
    }

    private void send(Counting c, int n) {
        for (int i = 0; i < n; i++) {
            String account = "acc-" + (sent % 37);
            c.orders().send("o-" + sent, new Order("o-" + sent, account));
            truth.merge(account, 1L, Long::sum);
            sent++;
        }
    }

    private void assertCounts(Counting c) {
        truth.forEach((account, n) -> assertThat(c.counts().get(account)).as(account).isEqualTo(n));
    }

    @Test
    void aRestartOnIntactStateReplaysOnlyTheChangelogTail() {
        Counting c = app(ProcessingGuarantee.AT_LEAST_ONCE);
        Path first = temp.resolve("first");
        try (Worker worker = start(c, first)) {
            send(c, 2_000);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
        }
        long tail;
        try (Worker worker = start(c, temp.resolve("second"))) { // another datadir: recovers everything
            assertThat(worker.stats().recoveredRecords()).isPositive();
            send(c, 500);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            worker.commit();
            tail = worker.stats().changelogRecords();
        }
        try (Worker worker = start(c, first)) {
            assertThat(worker.stats().recoveredRecords()).as("only what the other worker wrote after the first stopped")
                    .isEqualTo(tail);
            assertCounts(c);
            send(c, 300);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertCounts(c);
        }
        try (Worker worker = start(c, first)) {
            assertThat(worker.stats().recoveredRecords()).as("a clean stop leaves nothing to replay").isZero();
            assertCounts(c);
        }
    }

    @Test
    void aStoreAheadOfItsChangelogIsWipedAndRebuilt() {
        Counting c = app(ProcessingGuarantee.AT_LEAST_ONCE);
        Path datadir = temp.resolve("data");
        try (Worker worker = start(c, datadir)) {
            send(c, 400);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
        }
        // as if the changelog had been deleted and created again: the stored offset is past its end
        try (Stores stores = RocksDbStores.open(datadir, 16 << 20, 4 << 20)) {
            for (int p = 0; p < PARTITIONS; p++) {
                PartitionStore store = stores.table("counts").partition(p);
                store.apply(new WriteBatch().put(bytes("ghost"), bytes("99")).changelogOffset(1_000_000));
            }
        }
        try (Worker worker = start(c, datadir)) {
            assertThat(c.counts().get("ghost")).as("the stale store is gone").isZero();
            assertCounts(c);
            assertThat(worker.stats().recoveredRecords()).isPositive();
        }
    }

    @Test
    void aCheckpointReachesTheStoreOnlyOnceItsChangelogIsDurable() {
        Counting c = app(ProcessingGuarantee.AT_LEAST_ONCE);
        Path datadir = temp.resolve("data");
        memory.faults().failSends("rocks-counts-changelog", "injected: the changelog is unwritable");
        try (Worker worker = start(c, datadir)) {
            send(c, 200);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (worker.isRunning() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(worker.isRunning()).as("a failed changelog send stops the worker").isFalse();
        }
        memory.faults().clear();
        try (Stores stores = RocksDbStores.open(datadir, 16 << 20, 4 << 20)) {
            for (int p = 0; p < PARTITIONS; p++) {
                PartitionStore store = stores.table("counts").partition(p);
                AtomicInteger entries = new AtomicInteger();
                store.scan(KeyRange.all(), (k, v) -> entries.incrementAndGet());
                assertThat(entries.get()).as("partition %d holds nothing its changelog lacks", p).isZero();
                assertThat(store.changelogOffset()).isEqualTo(-1);
            }
        }
    }

    @Test
    void exactlyOnceCountsStayExactAcrossAbortsAndRestartsOnIntactState() {
        Counting c = app(ProcessingGuarantee.EXACTLY_ONCE);
        Path datadir = temp.resolve("data");
        AtomicInteger commits = new AtomicInteger();
        memory.faults().failTransactionCommits(id -> { int n = commits.incrementAndGet(); return n % 3 == 0 && n < 40; });
        try (Worker worker = start(c, datadir)) {
            send(c, 1_500);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(worker.stats().aborts()).as("transactions were aborted and replayed").isPositive();
            assertCounts(c);
        }
        memory.faults().clear();
        try (Worker worker = start(c, datadir)) {
            assertCounts(c); // the stores never held a write of an aborted transaction
            send(c, 300);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertCounts(c);
        }
    }

    @Test
    void aSecondWorkerOnTheSameDatadirFailsAtOnceNamingIt() {
        Counting c = app(ProcessingGuarantee.AT_LEAST_ONCE);
        Path datadir = temp.resolve("shared");
        try (Worker first = start(c, datadir)) {
            assertThatThrownBy(() -> start(c, datadir))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(datadir.toAbsolutePath().toString())
                    .hasMessageContaining("process " + ProcessHandle.current().pid())
                    .hasMessageContaining("set datadir to another directory");
            assertThat(first.isRunning()).isTrue();
        }
        try (Worker again = start(c, datadir)) {
            assertThat(again.isRunning()).as("the lock is released when the worker stops").isTrue();
        }
    }

    @Test
    void theWorkerIdIsKeptInTheDatadirAcrossRestarts() {
        String id;
        try (Stores stores = RocksDbStores.open(temp.resolve("a"), 16 << 20, 4 << 20)) {
            id = stores.workerId().orElseThrow();
            assertThat(stores.workerId()).contains(id);
        }
        try (Stores stores = RocksDbStores.open(temp.resolve("a"), 16 << 20, 4 << 20)) {
            assertThat(stores.workerId()).as("the same datadir, the same worker").contains(id);
        }
        try (Stores stores = RocksDbStores.open(temp.resolve("b"), 16 << 20, 4 << 20)) {
            assertThat(stores.workerId().orElseThrow()).as("another datadir, another worker").isNotEqualTo(id);
        }
    }

    @Test
    void allStoresOfAWorkerShareOneCacheOfTheConfiguredSize() {
        Settings settings = Settings.builder("x").datadir(temp.resolve("mem"))
                .set(Settings.ROCKSDB_MEMORY, 48 << 20).set(Settings.ROCKSDB_WRITE_BUFFER_MEMORY, 8 << 20).build();
        try (Stores stores = new RocksDbStoreFactory().open("rocksdb://", settings)) {
            RocksDbPartition a = (RocksDbPartition) stores.table("a").partition(0);
            RocksDbPartition b = (RocksDbPartition) stores.table("b").partition(3);
            assertThat(a.property("rocksdb.block-cache-capacity")).isEqualTo(48L << 20);
            long before = b.property("rocksdb.block-cache-usage");
            WriteBatch big = new WriteBatch();
            for (int i = 0; i < 4; i++) {
                big.put(bytes("k" + i), new byte[1 << 20]);
            }
            a.apply(big);
            long usage = a.property("rocksdb.block-cache-usage");
            assertThat(usage - before).as("a's write buffers are charged to the cache b sees: one shared cache")
                    .isGreaterThanOrEqualTo(2L << 20);
            assertThat(b.property("rocksdb.block-cache-usage")).isEqualTo(usage);
        }
    }

    @Test
    void refusesAPathInTheStoreUrl() {
        assertThatThrownBy(() -> new RocksDbStoreFactory().open("rocksdb:///var/x",
                Settings.builder("x").datadir(temp).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("datadir");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRestartedWorkerReportsItsStateOnDiskSoItGetsItsPartitionsBackWithoutAWarmUp() {
        Counting c = app(ProcessingGuarantee.AT_LEAST_ONCE);
        java.util.function.Consumer<Settings.Builder> a = s -> s.datadir(temp.resolve("a"))
                .set(Settings.TABLE_ACCEPTABLE_RECOVERY_LAG, 50L)
                .set(Settings.TABLE_PROBING_REBALANCE_INTERVAL, Duration.ofSeconds(60));
        java.util.function.Consumer<Settings.Builder> b = s -> s.datadir(temp.resolve("b"))
                .set(Settings.TABLE_ACCEPTABLE_RECOVERY_LAG, 50L)
                .set(Settings.TABLE_PROBING_REBALANCE_INTERVAL, Duration.ofSeconds(60));
        Worker first = c.app().start(a);
        Worker second = c.app().start(b);
        Worker restarted = null;
        try {
            awaitCondition(() -> first.assignedPartitions().size() == 2 && second.assignedPartitions().size() == 2);
            sendUnique(400); // a key per order: about 100 changelog records per partition, over the lag
            assertThat(first.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(second.awaitIdle(Duration.ofSeconds(10))).isTrue();
            second.stop();
            awaitCondition(() -> first.assignedPartitions().size() == PARTITIONS);
            sendUnique(8); // the stopped worker's copies fall a few records behind
            assertThat(first.awaitIdle(Duration.ofSeconds(10))).isTrue();
            first.commit();

            restarted = c.app().start(b);
            Worker back = restarted;
            // its state on disk (its own partitions and its standby copies) is within the acceptable lag, so it
            // takes its share at once; a worker without state would warm up and wait for the probe, 60 s away
            awaitCondition(() -> back.assignedPartitions().size() == 2 && first.assignedPartitions().size() == 2);
            assertThat(back.stats().recoveredRecords()).as("replayed: only the tail written while it was away")
                    .isLessThanOrEqualTo(8);
        } finally {
            if (restarted != null) {
                restarted.stop();
            }
            second.stop();
            first.stop();
        }
    }

    private void sendUnique(int n) {
        for (int i = 0; i < n; i++) {
            String account = "unique-" + sent;
            String json = "{\"orderId\":\"o-" + sent + "\",\"accountId\":\"" + account + "\"}";
            memory.append(new io.faust4j.spi.TopicPartition("orders", sent % PARTITIONS),
                    ("o-" + sent).getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8),
                    System.currentTimeMillis(), java.util.List.of());
            sent++;
        }
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
