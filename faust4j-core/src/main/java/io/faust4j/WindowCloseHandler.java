package io.faust4j;

/**
 * Called once a window of a {@link WindowedTable} has closed: the partition's stream time minus the grace
 * period has reached the window's end, so the value is final. Runs on the thread of the agent that writes
 * the table, for that agent's partition; what it sends is sent with the event that moved the stream time.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface WindowCloseHandler<K, V> {
    /** The window {@code window} of {@code key} closed with {@code value}. */
    void closed(K key, Window window, V value) throws Exception;
}
