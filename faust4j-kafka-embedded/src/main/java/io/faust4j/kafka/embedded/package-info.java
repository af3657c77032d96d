/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) for development and
 * integration tests: start reading at {@link io.faust4j.kafka.embedded.EmbeddedKafka}.
 */
package io.faust4j.kafka.embedded;
