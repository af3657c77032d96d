package io.faust4j.rocksdb;

import io.faust4j.ConfigurationException;
import io.faust4j.Settings;
import io.faust4j.spi.StoreFactory;
import io.faust4j.spi.Stores;

/**
 * Serves {@code store=rocksdb://}: opens a worker's RocksDB stores under its {@code datadir}, which it
 * locks for as long as the worker runs. Found by {@link java.util.ServiceLoader}; apps do not call it.
 */
public final class RocksDbStoreFactory implements StoreFactory {
    /** Called by {@link java.util.ServiceLoader}. */
    public RocksDbStoreFactory() {
    }

    @Override
    public String scheme() {
        return "rocksdb";
    }

    @Override
    public Stores open(String url, Settings settings) {
        if (!url.equals("rocksdb://")) {
            throw new ConfigurationException("Invalid setting 'store' = '" + url + "': rocksdb:// takes nothing after"
                    + " the scheme; stores go under the datadir setting (now " + settings.datadir() + ")");
        }
        return RocksDbStores.open(settings.datadir(), settings.rocksdbMemory(), settings.rocksdbWriteBufferMemory());
    }
}
