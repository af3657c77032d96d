package io.faust4j.rocksdb;

import io.faust4j.Settings;
import io.faust4j.spi.Stores;
import io.faust4j.test.StoreContract;
import java.nio.file.Path;

/** The RocksDB store meets the store contract. */
class RocksDbStoreContractTest extends StoreContract {
    @Override
    protected Stores open(Path datadir) {
        return new RocksDbStoreFactory().open("rocksdb://", Settings.builder("contract").datadir(datadir).build());
    }

    @Override
    protected boolean durable() {
        return true;
    }
}
