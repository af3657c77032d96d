package io.faust4j.internal;

/**
 * One failure a worker met, as told to a test driver: an agent loop that threw on an event, or a record
 * that could not be decoded for an agent.
 *
 * @param agent the agent's name
 * @param position where the event is, such as {@code topic orders partition 0 offset 3}
 * @param error what the loop threw, or the decoding error
 * @param undecodable true for a record that could not be decoded, false for a loop that threw
 */
public record FailureReport(String agent, String position, Throwable error, boolean undecodable) {
}
