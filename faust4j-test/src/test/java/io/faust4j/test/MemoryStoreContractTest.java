package io.faust4j.test;

import io.faust4j.Settings;
import io.faust4j.internal.memory.MemoryStoreFactory;
import io.faust4j.spi.Stores;
import java.nio.file.Path;

/** The memory store meets the store contract. */
class MemoryStoreContractTest extends StoreContract {
    @Override
    protected Stores open(Path datadir) {
        return new MemoryStoreFactory().open("memory://", Settings.builder("contract").datadir(datadir).build());
    }

    @Override
    protected boolean durable() {
        return false;
    }
}
