/**
 * The {@code kafka://} transport: faust4j apps on a real Kafka cluster. Put this module on the class path
 * and set {@code broker} to {@code kafka://host:port}; nothing else in the app changes.
 *
 * <p>Start reading at {@code KafkaTransport} (admin: topics and end offsets), then
 * {@code KafkaTransportProducer} (actors hand sends to a platform thread that alone calls Kafka's
 * producer), {@code PlatformCalls} (why no kafka-clients code runs on a virtual thread),
 * {@code KafkaTransportConsumer} (how Kafka's consumer is bridged to the engine's poll loop) and
 * {@code KafkaClientConfig} (settings to client properties). The only public type is
 * {@link io.faust4j.kafka.KafkaTransportFactory}, found by {@link java.util.ServiceLoader}.
 */
package io.faust4j.kafka;
