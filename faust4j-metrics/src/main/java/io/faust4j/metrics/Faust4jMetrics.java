package io.faust4j.metrics;

import io.faust4j.Worker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/** Finds the registries a worker created from {@code metrics_registries}. */
public final class Faust4jMetrics {
    private Faust4jMetrics() {
    }

    /**
     * The Prometheus registry in the worker's {@link Worker#meterRegistry()}, if one was added (by
     * {@code metrics_registries=prometheus}, or by anyone); {@code scrape()} gives the exposition text.
     */
    public static Optional<PrometheusMeterRegistry> prometheus(Worker worker) {
        return worker.meterRegistry().getRegistries().stream()
                .filter(PrometheusMeterRegistry.class::isInstance).map(PrometheusMeterRegistry.class::cast).findFirst();
    }
}
