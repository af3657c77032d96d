/**
 * The {@code memory://} transport and store: an in-process partitioned log with consumer groups and
 * committed offsets, partitioned exactly as Kafka partitions, so an app behaves the same on Kafka.
 */
package io.faust4j.internal.memory;
