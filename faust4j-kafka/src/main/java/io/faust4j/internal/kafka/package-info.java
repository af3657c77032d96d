/**
 * Kafka's side of the partition assignor: {@link io.faust4j.internal.kafka.KafkaAssignor} runs the pure
 * {@link io.faust4j.internal.assign.Assignor} inside Kafka's classic group protocol. Public only because
 * Kafka's consumer instantiates assignors by class name; nothing here is API.
 *
 * <p>A worker's group consumer uses it with these properties: {@code group.protocol=classic},
 * {@code partition.assignment.strategy=io.faust4j.internal.kafka.KafkaAssignor} (cooperative is then the
 * protocol in use), {@code group.instance.id} derived from the worker's stable id (static membership), and
 * the worker's {@link io.faust4j.internal.assign.AssignorContext} object under
 * {@link io.faust4j.internal.assign.AssignorContext#CONFIG_KEY}. Kafka rejoins by itself after a round that
 * revoked partitions; when a round placed warm-ups ({@code probingRebalance}), the leader calls
 * {@code consumer.enforceRebalance()} after a probing interval so caught-up warm-ups can take over.
 */
package io.faust4j.internal.kafka;
