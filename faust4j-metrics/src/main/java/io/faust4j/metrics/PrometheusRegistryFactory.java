package io.faust4j.metrics;

import io.faust4j.Settings;
import io.faust4j.spi.MeterRegistryFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code metrics_registries=prometheus}: a {@link PrometheusMeterRegistry} in the worker's composite. It
 * does not listen on a port of its own: the web server's {@code /metrics} (faust4j-web) serves it, and
 * {@link Faust4jMetrics#prometheus} finds it for an app that serves the text itself.
 */
public final class PrometheusRegistryFactory implements MeterRegistryFactory {
    /** Found by {@link java.util.ServiceLoader}. */
    public PrometheusRegistryFactory() {
    }

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public MeterRegistry create(Settings settings) {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
}
