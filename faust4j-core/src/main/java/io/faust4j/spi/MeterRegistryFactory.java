package io.faust4j.spi;

import io.faust4j.Settings;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Creates a meter registry named in the {@code metrics_registries} setting ({@code prometheus},
 * {@code statsd}); found with {@link java.util.ServiceLoader}. The {@code faust4j-metrics} module provides
 * both. A worker adds what it creates to its {@link io.faust4j.Worker#meterRegistry()} and closes it
 * when it stops.
 */
public interface MeterRegistryFactory {
    /** The name this factory serves in {@code metrics_registries}. */
    String name();

    /**
     * Creates the registry of one worker.
     *
     * @param settings the app's settings (for the registry's own {@code metrics_*} settings)
     * @throws io.faust4j.ConfigurationException when a setting of the registry is unusable
     */
    MeterRegistry create(Settings settings);
}
