/**
 * The meter registries of the {@code metrics_registries} setting: {@code prometheus} and {@code statsd},
 * found by the worker through {@link io.faust4j.spi.MeterRegistryFactory}. docs/metrics.md lists the meters.
 */
package io.faust4j.metrics;
