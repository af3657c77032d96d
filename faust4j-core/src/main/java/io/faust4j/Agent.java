package io.faust4j;

/**
 * A declared stream processor: a loop over a source, run as one actor per assigned partition. An agent
 * is also a sink: sending to it sends to the topic it consumes.
 *
 * @param <K> the key type of its source
 * @param <V> the value type of its source
 */
public interface Agent<K, V> extends Sink<V> {
    /** The agent name, unique in the app. */
    String name();

    /** The topic this agent's events enter through (before any repartitioning). */
    Topic<?, V> topic();

    /** Sends a keyed value to the agent (through the topic it consumes). */
    void send(K key, V value);

    /** Sends a value without a key to the agent. */
    void send(V value);

    // ---- agent RPC (Faust's cast, ask, map, kvmap, join) ----

    /** Sends a keyed value to the agent and waits for nothing (Faust's {@code cast}): the same as {@link #send(Object, Object)}. */
    default void cast(K key, V value) {
        send(key, value);
    }

    /** Sends a value without a key to the agent and waits for nothing: the same as {@link #send(Object)}. */
    default void cast(V value) {
        send(value);
    }

    /**
     * Sends a keyed value to the agent and waits for its reply: what the agent's loop emits
     * ({@link Stream#emit}) while processing that event, decoded as {@code replyType} (JSON). The request carries
     * a reply topic and a correlation id in its headers; the reply comes back through the reply topic
     * {@code <app>-reply}, created on the first ask. Call it from outside agents (a loop's sends wait until its
     * event is finished, so an ask from inside a loop could never be answered).
     *
     * @throws AskTimeoutException when no reply arrived within {@code timeout}
     */
    <R> R ask(K key, V value, Class<R> replyType, java.time.Duration timeout);

    /** As {@link #ask(Object, Object, Class, java.time.Duration)}, for a value without a key. */
    <R> R ask(V value, Class<R> replyType, java.time.Duration timeout);

    /**
     * Asks for every value at once (without keys) and yields the replies as they arrive, not in the order of
     * the values. Iterating waits for each next reply; {@code timeout} bounds the whole call.
     *
     * @throws AskTimeoutException from the iterator when replies are missing after {@code timeout}
     */
    <R> Iterable<R> map(Iterable<? extends V> values, Class<R> replyType, java.time.Duration timeout);

    /** As {@link #map}, for keyed values: yields each reply with the key it was asked for, as they arrive. */
    <R> Iterable<KeyValue<K, R>> kvmap(Iterable<KeyValue<K, V>> items, Class<R> replyType, java.time.Duration timeout);

    /**
     * Asks for every value at once (without keys) and returns the replies in the order of the values once all
     * have arrived.
     *
     * @throws AskTimeoutException when a reply is missing after {@code timeout}
     */
    <R> java.util.List<R> join(Iterable<? extends V> values, Class<R> replyType, java.time.Duration timeout);

    /** As a sink: sends {@code value} to the agent. */
    @Override
    default void accept(V value) {
        send(value);
    }
}
