/**
 * Kafka's side of the partition assignor: {@link io.faust4j.internal.kafka.KafkaAssignor} runs the pure
 * {@link io.faust4j.internal.assign.Assignor} inside Kafka's classic group protocol. Public only because
 * Kafka's consumer instantiates assignors by class name; nothing here is API.
 */
package io.faust4j.internal.kafka;
