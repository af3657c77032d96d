package io.faust4j.spi;

import io.faust4j.Settings;
import java.util.List;

/**
 * Creates transports for one URL scheme ({@code memory}, {@code kafka}); found with
 * {@link java.util.ServiceLoader}.
 */
public interface TransportFactory {
    /** The URL scheme this factory serves, without {@code ://}. */
    String scheme();

    /**
     * Opens a transport.
     *
     * @param brokers the broker URLs from the {@code broker} setting, all of this factory's scheme
     * @param settings the app's settings (for credentials and client tuning)
     */
    Transport create(List<String> brokers, Settings settings);
}
