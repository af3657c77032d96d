/**
 * The test kit for faust4j app authors: run an app's agents without a broker and assert what they did.
 *
 * <p>Start reading at {@link io.faust4j.test.TestDriver}: it runs one {@link io.faust4j.App} on a private
 * in-memory broker with a {@link io.faust4j.test.ManualClock}, puts events into topics and agents, waits
 * until the worker is idle, and shows what the agents {@linkplain io.faust4j.test.TestDriver#sent sent},
 * {@linkplain io.faust4j.test.TestDriver#emitted emitted} and wrote to their
 * {@linkplain io.faust4j.test.TestDriver#table tables}. Moving the clock closes {@code take} windows;
 * {@link io.faust4j.test.RawRecord} writes records as bytes (malformed values, headers, tombstones).
 * {@link io.faust4j.test.Faust4jExtension} gives each JUnit test (Jupiter 5.10 or newer, or JUnit 6) a
 * fresh app and driver.
 */
package io.faust4j.test;
