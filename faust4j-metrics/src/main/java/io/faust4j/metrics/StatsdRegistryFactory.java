package io.faust4j.metrics;

import io.faust4j.ConfigurationException;
import io.faust4j.Settings;
import io.faust4j.spi.MeterRegistryFactory;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.statsd.StatsdConfig;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import io.micrometer.statsd.StatsdProtocol;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code metrics_registries=statsd}: a {@link StatsdMeterRegistry} sending UDP lines to
 * {@code metrics_statsd_host}:{@code metrics_statsd_port} in the {@code metrics_statsd_flavor} format,
 * reading polled meters (counters of function, gauges) every {@code metrics_step}.
 */
public final class StatsdRegistryFactory implements MeterRegistryFactory {
    /** Found by {@link java.util.ServiceLoader}. */
    public StatsdRegistryFactory() {
    }

    @Override
    public String name() {
        return "statsd";
    }

    @Override
    public MeterRegistry create(Settings settings) {
        String host = settings.get(Settings.METRICS_STATSD_HOST);
        int port = settings.get(Settings.METRICS_STATSD_PORT);
        if (host.isEmpty()) {
            throw new ConfigurationException("Invalid setting 'metrics_statsd_host' = '': the statsd registry needs the"
                    + " host of a StatsD agent, such as localhost");
        }
        if (port > 65535) {
            throw new ConfigurationException("Invalid setting 'metrics_statsd_port' = '" + port + "': expected a UDP"
                    + " port from 1 to 65535 (StatsD agents listen on 8125)");
        }
        StatsdFlavor flavor = StatsdFlavor.valueOf(settings.get(Settings.METRICS_STATSD_FLAVOR).toUpperCase(Locale.ROOT));
        Duration step = settings.get(Settings.METRICS_STEP);
        StatsdConfig config = new StatsdConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public StatsdFlavor flavor() {
                return flavor;
            }

            @Override
            public String host() {
                return host;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public StatsdProtocol protocol() {
                return StatsdProtocol.UDP;
            }

            @Override
            public Duration pollingFrequency() {
                return step;
            }

            @Override
            public Duration step() {
                return step;
            }
        };
        return new StatsdMeterRegistry(config, Clock.SYSTEM);
    }
}
