package io.faust4j.spi;

import io.faust4j.Settings;

/**
 * Creates table stores for one URL scheme ({@code memory}, {@code rocksdb}); found with
 * {@link java.util.ServiceLoader}.
 */
public interface StoreFactory {
    /** The URL scheme this factory serves, without {@code ://}. */
    String scheme();

    /**
     * Opens the store of one table.
     *
     * @param url the {@code store} setting
     * @param table the table name
     * @param settings the app's settings (for the data directory)
     */
    Store open(String url, String table, Settings settings);
}
