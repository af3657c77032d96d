package io.faust4j.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faust4j.spi.KeyRange;
import io.faust4j.spi.PartitionStore;
import io.faust4j.spi.Store;
import io.faust4j.spi.Stores;
import io.faust4j.spi.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every table store ({@link io.faust4j.spi.StoreFactory}) must meet, as one abstract JUnit
 * suite: a store's test class extends it and says how to open its stores. The memory store and the
 * RocksDB store both pass it; so must a store of your own.
 */
public abstract class StoreContract {
    @TempDir
    Path directory;

    private final List<Stores> opened = new ArrayList<>();

    /** Opens the stores of one worker whose data directory is {@code datadir}. */
    protected abstract Stores open(Path datadir);

    /** Whether the store keeps its data across {@link Store#drop} and a close of its {@link Stores}. */
    protected abstract boolean durable();

    /** Opens stores in the suite's temporary data directory, closed after each test. */
    protected final Stores stores() {
        Stores stores = open(directory.resolve("data"));
        opened.add(stores);
        return stores;
    }

    @AfterEach
    final void closeStores() {
        opened.forEach(Stores::close);
    }

    /** UTF-8 bytes of {@code text}. */
    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> keys(PartitionStore store, KeyRange range) {
        List<String> keys = new ArrayList<>();
        store.scan(range, (k, v) -> keys.add(text(k)));
        return keys;
    }

    @Test
    void putsReadsAndDeletesKeys() {
        PartitionStore store = stores().table("t").partition(0);
        assertNull(store.get(bytes("a")));
        store.apply(new WriteBatch().put(bytes("a"), bytes("1")).put(bytes("b"), bytes("2")));
        assertEquals("1", text(store.get(bytes("a"))));
        store.apply(new WriteBatch().put(bytes("a"), null).put(bytes("b"), bytes("3")));
        assertNull(store.get(bytes("a")));
        assertEquals("3", text(store.get(bytes("b"))));
    }

    @Test
    void recordsTheChangelogOffsetWithItsBatchOnly() {
        PartitionStore store = stores().table("t").partition(0);
        assertEquals(-1, store.changelogOffset());
        store.apply(new WriteBatch().put(bytes("a"), bytes("1")).changelogOffset(41));
        assertEquals(41, store.changelogOffset());
        store.apply(new WriteBatch().put(bytes("b"), bytes("2"))); // no offset: the stored one stays
        assertEquals(41, store.changelogOffset());
    }

    @Test
    void scansKeysInUnsignedByteOrderWithinRanges() {
        PartitionStore store = stores().table("t").partition(0);
        byte[] high = {(byte) 0x90, 1};
        byte[] low = {0x10, 1};
        store.apply(new WriteBatch().put(high, bytes("h")).put(low, bytes("l")).put(bytes("m1"), bytes("x"))
                .put(bytes("m2"), bytes("y")).put(bytes("n"), bytes("z")));
        List<byte[]> all = new ArrayList<>();
        store.forEach((k, v) -> all.add(k));
        assertEquals(5, all.size());
        assertArrayEquals(low, all.get(0));
        assertArrayEquals(high, all.get(4)); // 0x90 sorts after ASCII when bytes are unsigned
        assertEquals(List.of("m1", "m2"), keys(store, KeyRange.prefix(bytes("m"))));
        assertEquals(List.of("m2", "n"), keys(store, KeyRange.of(bytes("m2"), bytes("n\0"))));
        assertEquals(List.of("m1"), keys(store, KeyRange.of(bytes("m"), bytes("m2")))); // end is exclusive
        assertEquals(List.of(), keys(store, KeyRange.prefix(bytes("q"))));
    }

    @Test
    void deletesRangesAndPrefixesInBatchOrder() {
        PartitionStore store = stores().table("t").partition(0);
        store.apply(new WriteBatch().put(bytes("k1"), bytes("1")).put(bytes("k2"), bytes("2"))
                .put(bytes("k3"), bytes("3")).put(bytes("z"), bytes("9")));
        store.apply(new WriteBatch().put(bytes("k4"), bytes("4")) // removed by the range delete after it
                .delete(KeyRange.prefix(bytes("k"))).put(bytes("k2"), bytes("new")).changelogOffset(7));
        assertEquals(List.of("k2", "z"), keys(store, KeyRange.all()));
        assertEquals("new", text(store.get(bytes("k2"))));
        assertEquals(7, store.changelogOffset());
        store.apply(new WriteBatch().delete(KeyRange.of(bytes("a"), bytes("l"))));
        assertEquals(List.of("z"), keys(store, KeyRange.all()));
    }

    @Test
    void deletesARangeWithoutEnd() {
        PartitionStore store = stores().table("t").partition(0);
        byte[] top = {(byte) 0xFF, (byte) 0xFF};
        store.apply(new WriteBatch().put(bytes("a"), bytes("1")).put(top, bytes("2"))
                .put(new byte[] {(byte) 0xFF, (byte) 0xFF, 3}, bytes("3")));
        store.apply(new WriteBatch().delete(KeyRange.prefix(top))); // all-0xFF prefix: no end key exists
        assertEquals(List.of("a"), keys(store, KeyRange.all()));
        store.apply(new WriteBatch().delete(KeyRange.all()));
        assertEquals(List.of(), keys(store, KeyRange.all()));
    }

    @Test
    void keepsPartitionsAndTablesApart() {
        Stores stores = stores();
        PartitionStore zero = stores.table("t").partition(0);
        PartitionStore one = stores.table("t").partition(1);
        PartitionStore other = stores.table("u").partition(0);
        zero.apply(new WriteBatch().put(bytes("a"), bytes("0")).changelogOffset(3));
        one.apply(new WriteBatch().put(bytes("a"), bytes("1")));
        assertEquals("0", text(zero.get(bytes("a"))));
        assertEquals("1", text(one.get(bytes("a"))));
        assertNull(other.get(bytes("a")));
        assertEquals(-1, one.changelogOffset());
        assertEquals(-1, other.changelogOffset());
    }

    @Test
    void dropKeepsDurableStateAndWipeDeletesIt() {
        Store table = stores().table("t");
        table.partition(0).apply(new WriteBatch().put(bytes("a"), bytes("1")).changelogOffset(12));
        table.drop(0);
        PartitionStore again = table.partition(0);
        if (durable()) {
            assertEquals("1", text(again.get(bytes("a"))));
            assertEquals(12, again.changelogOffset());
        } else {
            assertNull(again.get(bytes("a")));
            assertEquals(-1, again.changelogOffset());
        }
        table.wipe(0);
        PartitionStore wiped = table.partition(0);
        assertNull(wiped.get(bytes("a")));
        assertEquals(-1, wiped.changelogOffset());
    }

    @Test
    void durableStateSurvivesAClose() {
        Stores first = open(directory.resolve("data"));
        first.table("t").partition(2).apply(new WriteBatch().put(bytes("a"), bytes("1")).changelogOffset(99));
        first.close();
        PartitionStore reopened = stores().table("t").partition(2);
        assertEquals(durable() ? "1" : null, text(reopened.get(bytes("a"))));
        assertEquals(durable() ? 99 : -1, reopened.changelogOffset());
    }

    @Test
    void reportsTheStoredOffsetOfPartitionsOpenOrOnlyOnDisk() {
        Stores first = open(directory.resolve("data"));
        Store before = first.table("t");
        assertEquals(-1, before.storedOffset(1), "a partition never written has no offset");
        before.partition(1).apply(new WriteBatch().put(bytes("a"), bytes("1")).changelogOffset(41));
        assertEquals(41, before.storedOffset(1), "an open partition reports its offset");
        before.partition(3).apply(new WriteBatch().put(bytes("b"), bytes("2")).changelogOffset(7));
        before.drop(3);
        assertEquals(durable() ? 7 : -1, before.storedOffset(3), "a dropped partition keeps what is on disk");
        first.close();
        Store after = stores().table("t");
        assertEquals(durable() ? 41 : -1, after.storedOffset(1), "after a restart, before the partition is opened");
        assertEquals(durable() ? 7 : -1, after.storedOffset(3));
        assertEquals(-1, after.storedOffset(2));
        after.partition(1).apply(new WriteBatch().put(bytes("c"), bytes("3")).changelogOffset(42));
        assertEquals(42, after.storedOffset(1));
        after.wipe(1);
        assertEquals(-1, after.storedOffset(1), "a wiped partition has no offset");
    }

    @Test
    void countsItsEntries() {
        PartitionStore store = stores().table("t").partition(0);
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 1000; i++) {
            batch.put(bytes("key-" + i), bytes("v"));
        }
        store.apply(batch);
        long size = store.size();
        assertTrue(size >= 500 && size <= 2000, "size " + size + " should be about 1000 (estimates may be off)");
    }

    @Test
    void readersOnOtherThreadsSeeWholeBatches() throws InterruptedException {
        PartitionStore store = stores().table("t").partition(0);
        store.apply(new WriteBatch().put(bytes("a"), bytes("0")).put(bytes("b"), bytes("0")));
        AtomicReference<Throwable> problem = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < 20_000; i++) {
                    byte[] value = store.get(bytes("a"));
                    assertTrue(value != null && value.length > 0, "a key written in every batch is never missing");
                }
            } catch (Throwable t) {
                problem.set(t);
            }
        });
        reader.start();
        for (int i = 1; i <= 2_000; i++) {
            store.apply(new WriteBatch().put(bytes("a"), bytes(Integer.toString(i))).changelogOffset(i));
        }
        reader.join();
        assertNull(problem.get());
        assertEquals("2000", text(store.get(bytes("a"))));
        assertEquals(2000, store.changelogOffset());
    }
}
