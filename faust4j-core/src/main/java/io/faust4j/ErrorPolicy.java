package io.faust4j;

/**
 * What a worker does with an event its agent cannot process (the loop threw) or a record it cannot
 * decode: chosen per agent with {@link AgentOptions#onError}. Every decision is logged with the event's
 * position and counted in {@link WorkerStats}.
 *
 * <p>Whatever the policy, a failed attempt leaves no trace: its table writes are rolled back and its sends
 * are dropped before the event is retried, dead-lettered or skipped.
 */
public enum ErrorPolicy {
    /**
     * Retries the event in place (the loop restarts on the same event) with exponential backoff, up to
     * {@link AgentOptions#maxAttempts()} attempts, then sends it to the dead-letter topic and goes on. An
     * undecodable record is dead-lettered at once (decoding it again cannot help). The default.
     */
    RETRY_THEN_DEAD_LETTER,
    /** Sends the event to the dead-letter topic at once and goes on. */
    DEAD_LETTER,
    /** Logs and counts the event, then goes on without it; the record stays in its topic. */
    SKIP,
    /** Stops the worker: the event's offset is not committed, so a restarted worker meets it again. */
    STOP_WORKER
}
