package io.faust4j.rocksdb;

import io.faust4j.TransportException;
import io.faust4j.spi.KeyRange;
import io.faust4j.spi.PartitionStore;
import io.faust4j.spi.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table partition in its own RocksDB database: the entries in the default column family, and the
 * changelog offset they include in a column family of its own, written in the same atomic batch.
 *
 * <p>The write-ahead log is off: after a crash the database comes back as of its last flush, data and
 * offset together (flushes are atomic across both column families), and the partition replays the
 * changelog from that offset. A clean close flushes first, so a restart replays nothing.
 *
 * <p>Reads may come from any thread while the owner writes; closing waits for them (a read-write lock:
 * a read of a closed database would touch freed native memory).
 */
final class RocksDbPartition implements PartitionStore {
    private static final Logger LOG = LoggerFactory.getLogger(RocksDbPartition.class);
    private static final byte[] META = "faust4j-meta".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] OFFSET_KEY = "changelog-offset".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final String name;
    private final RocksDB db;
    private final ColumnFamilyHandle data;
    private final ColumnFamilyHandle meta;
    private final List<AutoCloseable> resources;
    private final WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile long changelogOffset;
    private boolean closed;

    private RocksDbPartition(String name, RocksDB db, ColumnFamilyHandle data, ColumnFamilyHandle meta,
                             List<AutoCloseable> resources) throws RocksDBException {
        this.name = name;
        this.db = db;
        this.data = data;
        this.meta = meta;
        this.resources = resources;
        byte[] stored = db.get(meta, OFFSET_KEY);
        this.changelogOffset = stored == null ? -1 : ByteBuffer.wrap(stored).getLong();
    }

    static RocksDbPartition open(RocksDbStores shared, String table, int partition, Path path) {
        String name = "table '" + table + "' partition " + partition;
        DBOptions options = shared.dbOptions();
        ColumnFamilyOptions dataOptions = shared.columnFamilyOptions();
        ColumnFamilyOptions metaOptions = shared.columnFamilyOptions();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            java.nio.file.Files.createDirectories(path);
            RocksDB db = RocksDB.open(options, path.toString(), List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, dataOptions),
                    new ColumnFamilyDescriptor(META, metaOptions)), handles);
            List<AutoCloseable> resources = new ArrayList<>(handles);
            resources.addAll(List.of(db, options, dataOptions, metaOptions));
            return new RocksDbPartition(name, db, handles.get(0), handles.get(1), resources);
        } catch (RocksDBException | java.io.IOException e) {
            handles.forEach(ColumnFamilyHandle::close);
            options.close();
            dataOptions.close();
            metaOptions.close();
            throw new TransportException("Cannot open the RocksDB store of " + name + " at " + path + ": "
                    + e.getMessage() + ". If the files are damaged, delete that directory: the partition is then"
                    + " rebuilt from its changelog", e);
        }
    }

    /**
     * The changelog offset kept in a partition's database on disk, read without opening it for writing; -1
     * when there is no database there. A database that cannot be read counts as none (it is wiped and
     * rebuilt when the partition is opened), with a warning.
     */
    static long storedOffset(RocksDbStores shared, String table, int partition, Path path) {
        if (!java.nio.file.Files.exists(path.resolve("CURRENT"))) {
            return -1;
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = shared.dbOptions();
             ColumnFamilyOptions dataOptions = shared.columnFamilyOptions();
             ColumnFamilyOptions metaOptions = shared.columnFamilyOptions();
             RocksDB db = RocksDB.openReadOnly(options, path.toString(), List.of(
                     new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, dataOptions),
                     new ColumnFamilyDescriptor(META, metaOptions)), handles)) {
            try {
                byte[] stored = db.get(handles.get(1), OFFSET_KEY);
                return stored == null ? -1 : ByteBuffer.wrap(stored).getLong();
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        } catch (RocksDBException e) {
            LOG.warn("Cannot read the changelog offset of table '{}' partition {} at {}: {}", table, partition, path,
                    e.getMessage());
            return -1;
        }
    }

    @Override
    public byte[] get(byte[] key) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return db.get(data, key);
        } catch (RocksDBException e) {
            throw failure("read", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void apply(WriteBatch batch) {
        lock.readLock().lock(); // writes are serialized by the engine; the lock only keeps close() out
        try (org.rocksdb.WriteBatch native_ = new org.rocksdb.WriteBatch()) {
            ensureOpen();
            for (int i = 0; i < batch.size(); i++) {
                switch (batch.kind(i)) {
                    case PUT -> native_.put(data, batch.key(i), batch.value(i));
                    case DELETE -> native_.delete(data, batch.key(i));
                    case DELETE_RANGE -> deleteRange(native_, batch.range(i));
                }
            }
            long offset = batch.changelogOffset();
            if (offset >= 0) {
                native_.put(meta, OFFSET_KEY, ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
            }
            db.write(writeOptions, native_);
            if (offset >= 0) {
                changelogOffset = offset;
            }
        } catch (RocksDBException e) {
            throw failure("write", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A range delete; a range without an end ends just after the last key (RocksDB needs an end key). */
    private void deleteRange(org.rocksdb.WriteBatch batch, KeyRange range) throws RocksDBException {
        byte[] end = range.to();
        if (end == null) {
            try (RocksIterator it = db.newIterator(data)) {
                it.seekToLast();
                if (!it.isValid() || Arrays.compareUnsigned(it.key(), range.from()) < 0) {
                    return;
                }
                end = Arrays.copyOf(it.key(), it.key().length + 1); // the smallest key after the last one
            }
        }
        batch.deleteRange(data, range.from(), end);
    }

    @Override
    public long changelogOffset() {
        return changelogOffset;
    }

    @Override
    public void scan(KeyRange range, BiConsumer<byte[], byte[]> visitor) {
        lock.readLock().lock();
        try (RocksIterator it = db.newIterator(data)) {
            ensureOpen();
            byte[] end = range.to();
            for (it.seek(range.from()); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (end != null && Arrays.compareUnsigned(key, end) >= 0) {
                    break;
                }
                visitor.accept(key, it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("scan", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long size() {
        lock.readLock().lock();
        try {
            ensureOpen();
            return db.getLongProperty(data, "rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            throw failure("size", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A RocksDB property of the data column family, such as {@code rocksdb.block-cache-capacity}. */
    long property(String name) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return db.getLongProperty(data, name);
        } catch (RocksDBException e) {
            throw failure("property " + name, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The RocksDB store of " + name + " is closed (the partition moved or the"
                    + " worker stopped)");
        }
    }

    private TransportException failure(String what, RocksDBException e) {
        return new TransportException("RocksDB " + what + " failed on " + name + ": " + e.getMessage(), e);
    }

    /** Flushes the write buffers (so a restart replays nothing) and closes the database. */
    void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush, List.of(data, meta));
            } catch (RocksDBException e) {
                org.slf4j.LoggerFactory.getLogger(RocksDbPartition.class).warn("Flushing {} before closing failed ({});"
                        + " the next start replays more of its changelog", name, e.getMessage());
            }
            writeOptions.close();
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // closing native handles does not fail in a way we could act on
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
