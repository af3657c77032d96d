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
 * @param concurrency how many events of one partition the agent works on at once (1: one at a time, in order)
 * @param keyOrdered with {@code concurrency > 1}: whether events of the same key stay in order (see
 *     {@link #keyOrdered(int)}) or any events run at once (see {@link #concurrency(int)})
 */
public record AgentOptions(List<Sink<?>> sinks, ErrorPolicy errorPolicy, int maxAttempts, Duration retryBackoff,
                           Duration maxRetryBackoff, String deadLetterTopic, int concurrency, boolean keyOrdered) {
    /** The largest {@link #concurrency}: each unit of it is a virtual thread per partition. */
    public static final int MAX_CONCURRENCY = 10_000;

    public AgentOptions {
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new ConfigurationException("Invalid concurrency " + concurrency + ": expected 1 to "
                    + MAX_CONCURRENCY + " events of a partition at once");
        }
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
                Duration.ofSeconds(10), "", 1, false);
    }

    /** A copy with one more sink (a topic, a channel, an agent or a callback). */
    public AgentOptions sink(Sink<?> sink) {
        List<Sink<?>> more = new ArrayList<>(sinks);
        more.add(sink);
        return new AgentOptions(more, errorPolicy, maxAttempts, retryBackoff, maxRetryBackoff, deadLetterTopic, concurrency, keyOrdered);
    }

    /** A copy with another error policy. */
    public AgentOptions onError(ErrorPolicy policy) {
        return new AgentOptions(sinks, policy, maxAttempts, retryBackoff, maxRetryBackoff, deadLetterTopic, concurrency, keyOrdered);
    }

    /** A copy that tries a failing event up to {@code attempts} times, waiting {@code backoff}, doubling up to {@code max}. */
    public AgentOptions retries(int attempts, Duration backoff, Duration max) {
        return new AgentOptions(sinks, errorPolicy, attempts, backoff, max, deadLetterTopic, concurrency, keyOrdered);
    }

    /** A copy whose dead letters go to {@code topic} instead of {@code <source topic>-dlq}. */
    public AgentOptions deadLetterTopic(String topic) {
        return new AgentOptions(sinks, errorPolicy, maxAttempts, retryBackoff, maxRetryBackoff, topic, concurrency, keyOrdered);
    }

    /**
     * A copy whose actors work on up to {@code actors} events of a partition at once, in no particular order:
     * task-queue work such as calls to a slow service. Each of the {@code actors} copies of the loop takes
     * the next event of the partition's stream; the partition's offset is committed only below the lowest
     * event not finished yet. Tables cannot be written from such an agent (the events of a partition are no
     * longer processed one after the other). {@code concurrency(1)} is the default: one event at a time.
     */
    public AgentOptions concurrency(int actors) {
        return new AgentOptions(sinks, errorPolicy, maxAttempts, retryBackoff, maxRetryBackoff, deadLetterTopic,
                actors, false);
    }

    /**
     * A copy whose actors work on up to {@code actors} events of a partition at once, but never on two
     * events of the same key: events of one key are processed one after the other, in offset order (events
     * without a key count as one key). The partition's offset is committed only below the lowest event not
     * finished yet. For I/O-bound loops (a remote call per event) this multiplies a partition's throughput
     * by up to {@code actors} while keeping per-key order. Tables cannot be written from such an agent.
     */
    public AgentOptions keyOrdered(int actors) {
        return new AgentOptions(sinks, errorPolicy, maxAttempts, retryBackoff, maxRetryBackoff, deadLetterTopic,
                actors, true);
    }

    /** Whether the agent runs several copies of its loop per partition ({@link #concurrency} or {@link #keyOrdered}). */
    public boolean concurrent() {
        return concurrency > 1 || keyOrdered;
    }

    /** Whether events of this agent may be sent to a dead-letter topic. */
    public boolean deadLetters() {
        return errorPolicy == ErrorPolicy.RETRY_THEN_DEAD_LETTER || errorPolicy == ErrorPolicy.DEAD_LETTER;
    }
}
