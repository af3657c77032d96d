package io.faust4j.internal.memory;

import io.faust4j.Settings;
import io.faust4j.spi.Store;
import io.faust4j.spi.StoreFactory;

/** Serves {@code memory://} stores. */
public final class MemoryStoreFactory implements StoreFactory {
    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public Store open(String url, String table, Settings settings) {
        return new MemoryStore();
    }
}
