package io.faust4j.internal;

import io.faust4j.ConfigurationException;
import io.faust4j.Settings;
import io.faust4j.spi.StoreFactory;
import io.faust4j.spi.Stores;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportFactory;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds transports and stores by URL scheme among the implementations on the class path. */
final class Plugins {
    private Plugins() {
    }

    static Transport openTransport(Settings settings) {
        List<String> brokers = settings.broker();
        String scheme = scheme(brokers.get(0));
        for (String url : brokers) {
            if (!scheme(url).equals(scheme)) {
                throw new ConfigurationException("Invalid setting 'broker' = '" + String.join(";", brokers)
                        + "': all broker URLs must use one scheme, found " + scheme + ":// and " + scheme(url) + "://");
            }
        }
        TreeSet<String> known = new TreeSet<>();
        for (TransportFactory factory : ServiceLoader.load(TransportFactory.class)) {
            if (factory.scheme().equals(scheme)) {
                return factory.create(brokers, settings);
            }
            known.add(factory.scheme() + "://");
        }
        throw new ConfigurationException("Invalid setting 'broker' = '" + brokers.get(0) + "': no transport for "
                + scheme + ":// is on the class path (available: " + known + ")"
                + (scheme.equals("kafka") ? "; add the faust4j-kafka module" : ""));
    }

    static Stores openStores(Settings settings) {
        String url = settings.store();
        String scheme = scheme(url);
        TreeSet<String> known = new TreeSet<>();
        for (StoreFactory factory : ServiceLoader.load(StoreFactory.class)) {
            if (factory.scheme().equals(scheme)) {
                return factory.open(url, settings);
            }
            known.add(factory.scheme() + "://");
        }
        throw new ConfigurationException("Invalid setting 'store' = '" + url + "': no store for " + scheme
                + ":// is on the class path (available: " + known + ")"
                + (scheme.equals("rocksdb") ? "; add the faust4j-rocksdb module (io.faust4j:faust4j-rocksdb) to the"
                        + " app's dependencies" : ""));
    }

    /** The registries named by {@code metrics_registries}, created by the factories on the class path. */
    static List<io.micrometer.core.instrument.MeterRegistry> openMeterRegistries(Settings settings) {
        List<String> wanted = settings.get(Settings.METRICS_REGISTRIES);
        if (wanted.isEmpty()) {
            return List.of();
        }
        java.util.Map<String, io.faust4j.spi.MeterRegistryFactory> factories = new java.util.HashMap<>();
        for (io.faust4j.spi.MeterRegistryFactory factory : ServiceLoader.load(io.faust4j.spi.MeterRegistryFactory.class)) {
            factories.putIfAbsent(factory.name(), factory);
        }
        List<io.micrometer.core.instrument.MeterRegistry> registries = new java.util.ArrayList<>();
        for (String name : wanted) {
            io.faust4j.spi.MeterRegistryFactory factory = factories.get(name);
            if (factory == null) {
                registries.forEach(io.micrometer.core.instrument.MeterRegistry::close);
                throw new ConfigurationException("Invalid setting 'metrics_registries' = '" + String.join(",", wanted)
                        + "': no registry for " + name + " is on the class path (available: "
                        + new TreeSet<>(factories.keySet()) + "); add the faust4j-metrics module"
                        + " (io.faust4j:faust4j-metrics) to the app's dependencies, or set metrics_registries=none");
            }
            registries.add(factory.create(settings));
        }
        return registries;
    }

    private static String scheme(String url) {
        int at = url.indexOf("://");
        return at < 0 ? url : url.substring(0, at);
    }
}
