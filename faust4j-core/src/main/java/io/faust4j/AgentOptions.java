package io.faust4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of one agent: its sinks and what it does with events that fail.
 *
 * @param sinks where values passed to {@link Stream#emit} go, in order
 * @param errorPolicy what happens to an event the loop throws on, or a record that cannot be decoded
 * @param maxAttempts how many times {@link ErrorPolicy#RETRY_THEN_DEAD_LETTER} tries an event, at least 1
 * @param retryBackoff the wait before the first retry; it doubles with each further attempt
 * @param maxRetryBackoff the longest wait between two attempts
 * @param deadLetterTopic the dead-letter topic, or empty for {@code <source topic>-dlq}
 */
public record AgentOptions(List<Sink<?>> sinks, ErrorPolicy errorPolicy, int maxAttempts, Duration retryBackoff,
                           Duration maxRetryBackoff, String deadLetterTopic) {
    public AgentOptions {
        sinks = List.copyOf(sinks);
        if (maxAttempts < 1) {
            throw new ConfigurationException("Invalid maxAttempts " + maxAttempts + ": expected 1 or more");
        }
        if (retryBackoff.isNegative() || maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new ConfigurationException("Invalid retry backoff " + retryBackoff + " (max " + maxRetryBackoff
                    + "): expected 0 <= retryBackoff <= maxRetryBackoff");
        }
        if (!deadLetterTopic.isEmpty() && !deadLetterTopic.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigurationException("Invalid dead-letter topic '" + deadLetterTopic
                    + "': use letters, digits, '.', '_' or '-'");
        }
    }

    /** No sinks; failed events are retried 3 times (100 ms, then 200 ms), then dead-lettered. */
    public static AgentOptions defaults() {
        return new AgentOptions(List.of(), ErrorPolicy.RETRY_THEN_DEAD_LETTER, 3, Duration.ofMillis(100),
                Duration.ofSeconds(10), "");
    }

    /** A copy with one more sink (a topic, a channel, an agent or a callback). */
    public AgentOptions sink(Sink<?> sink) {
        List<Sink<?>> more = new ArrayList<>(sinks);
        more.add(sink);
        return new AgentOptions(more, errorPolicy, maxAttempts, retryBackoff, maxRetryBackoff, deadLetterTopic);
    }

    /** A copy with another error policy. */
    public AgentOptions onError(ErrorPolicy policy) {
        return new AgentOptions(sinks, policy, maxAttempts, retryBackoff, maxRetryBackoff, deadLetterTopic);
    }

    /** A copy that tries a failing event up to {@code attempts} times, waiting {@code backoff}, doubling up to {@code max}. */
    public AgentOptions retries(int attempts, Duration backoff, Duration max) {
        return new AgentOptions(sinks, errorPolicy, attempts, backoff, max, deadLetterTopic);
    }

    /** A copy whose dead letters go to {@code topic} instead of {@code <source topic>-dlq}. */
    public AgentOptions deadLetterTopic(String topic) {
        return new AgentOptions(sinks, errorPolicy, maxAttempts, retryBackoff, maxRetryBackoff, topic);
    }

    /** Whether events of this agent may be sent to a dead-letter topic. */
    public boolean deadLetters() {
        return errorPolicy == ErrorPolicy.RETRY_THEN_DEAD_LETTER || errorPolicy == ErrorPolicy.DEAD_LETTER;
    }
}
