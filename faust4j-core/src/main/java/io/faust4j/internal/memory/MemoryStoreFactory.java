package io.faust4j.internal.memory;

import io.faust4j.Settings;
import io.faust4j.spi.Store;
import io.faust4j.spi.StoreFactory;
import io.faust4j.spi.Stores;

/** Serves {@code memory://} stores: nothing on disk, nothing shared between tables. */
public final class MemoryStoreFactory implements StoreFactory {
    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public Stores open(String url, Settings settings) {
        return new Stores() {
            @Override
            public Store table(String name) {
                return new MemoryStore();
            }

            @Override
            public void close() {
                // each table's store is closed by its table
            }
        };
    }
}
