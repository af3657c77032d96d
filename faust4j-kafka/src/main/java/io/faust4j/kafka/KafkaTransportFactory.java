package io.faust4j.kafka;

import io.faust4j.Settings;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportFactory;
import java.util.List;
import java.util.UUID;

/**
 * Serves {@code kafka://host:port} brokers through kafka-clients; found by {@link java.util.ServiceLoader}
 * when this module is on the class path. See {@code docs/kafka.md}.
 */
public final class KafkaTransportFactory implements TransportFactory {
    /** For {@link java.util.ServiceLoader}. */
    public KafkaTransportFactory() {
    }

    @Override
    public String scheme() {
        return "kafka";
    }

    /**
     * Opens the transport and checks the broker answers.
     *
     * @throws io.faust4j.ConfigurationException for a bad URL or inconsistent security settings
     * @throws io.faust4j.TransportException when the broker does not answer within
     *     {@code broker_connect_timeout} or refuses the login
     */
    @Override
    public Transport create(List<String> brokers, Settings settings) {
        // a client id of its own: Kafka registers one JMX bean per id, and tests run several workers per JVM
        String clientId = settings.effectiveId() + "-" + UUID.randomUUID().toString().substring(0, 8);
        // kafka-clients (its class initialisers too) must not run on a virtual thread: see PlatformCalls
        return PlatformCalls.callOnce("faust4j-kafka-open-" + clientId,
                () -> KafkaTransport.open(KafkaClientConfig.of(brokers, settings), clientId));
    }
}
