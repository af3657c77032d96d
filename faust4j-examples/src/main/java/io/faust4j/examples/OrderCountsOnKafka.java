package io.faust4j.examples;

import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.time.Duration;

/**
 * The quick-start app, unchanged, on a real Kafka broker: starts an embedded single-node KRaft broker on
 * a free loopback port, points the app's {@code broker} setting at it, and feeds sample orders until
 * Ctrl-C. With your own cluster, run {@link OrderCounts} with {@code FAUST4J_BROKER=kafka://host:9092}.
 */
public final class OrderCountsOnKafka {
    private OrderCountsOnKafka() {
    }

    /** Starts the broker and the app; both stop on Ctrl-C. */
    public static void main(String[] args) {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
        OrderCounts.create(settings -> settings.broker(kafka.brokerUrl())).feedSampleOrders(Duration.ofMillis(300))
                .app().run();
    }
}
