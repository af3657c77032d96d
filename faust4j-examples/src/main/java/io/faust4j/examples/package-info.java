/**
 * Runnable faust4j examples, each a Java port of an example from Faust's documentation and each tested
 * with the test kit.
 *
 * <p>Every example defines its app as a value (a record holding the {@link io.faust4j.App} and its
 * topics, tables and agents, built by {@code create(settings)}); {@code main} only runs it, and the
 * example's test runs the same value in a {@code TestDriver}. Start with {@link io.faust4j.examples.Greetings},
 * then {@link io.faust4j.examples.OrderCounts} (the quick start), {@link io.faust4j.examples.FanOut} and
 * {@link io.faust4j.examples.Enrichment}.
 */
package io.faust4j.examples;
