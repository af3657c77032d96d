/**
 * The {@code rocksdb://} table store: each partition of each table is a RocksDB database under the
 * worker's {@code datadir}, holding the table's entries and, written atomically with them, the offset of
 * the last changelog record they include, so a restarted worker replays only the changelog's tail.
 *
 * <p>Put this module on the class path and set {@code store=rocksdb://}; {@link io.faust4j.rocksdb.RocksDbStoreFactory}
 * is found by {@link java.util.ServiceLoader}. Everything else here is internal.
 */
package io.faust4j.rocksdb;
