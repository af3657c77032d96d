package io.faust4j.spi;

import io.faust4j.Settings;

/**
 * Creates the table stores of a worker for one URL scheme ({@code memory}, {@code rocksdb}); found with
 * {@link java.util.ServiceLoader}.
 */
public interface StoreFactory {
    /** The URL scheme this factory serves, without {@code ://}. */
    String scheme();

    /**
     * Opens the stores of one worker.
     *
     * @param url the {@code store} setting
     * @param settings the app's settings (for the data directory and the store's own settings)
     */
    Stores open(String url, Settings settings);
}
