package io.faust4j.internal.memory;

import io.faust4j.OffsetReset;
import io.faust4j.Settings;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportFactory;
import java.util.List;

/**
 * Serves {@code memory://} (the broker named {@code default}) and {@code memory://name} (a broker of
 * its own, e.g. one per test).
 */
public final class MemoryTransportFactory implements TransportFactory {
    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public Transport create(List<String> brokers, Settings settings) {
        String name = brokerName(brokers.get(0));
        return new MemoryTransport(MemoryBroker.named(name),
                settings.consumerAutoOffsetReset() == OffsetReset.EARLIEST, settings.consumerMaxPollRecords());
    }

    /** The broker name in a {@code memory://} URL: {@code default} when there is none. */
    public static String brokerName(String url) {
        String rest = url.substring("memory://".length());
        int slash = rest.indexOf('/');
        String name = slash >= 0 ? rest.substring(0, slash) : rest;
        return name.isEmpty() ? "default" : name;
    }
}
