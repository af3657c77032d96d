/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) for development and
 * integration tests: start reading at {@link io.faust4j.kafka.embedded.EmbeddedKafka}. Its client listener
 * can be secured ({@link io.faust4j.kafka.embedded.ListenerSecurity}) with certificates made at run time
 * ({@link io.faust4j.kafka.embedded.CertificateAuthority}).
 */
package io.faust4j.kafka.embedded;
