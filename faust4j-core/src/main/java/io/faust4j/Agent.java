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

    /** As a sink: sends {@code value} to the agent. */
    @Override
    default void accept(V value) {
        send(value);
    }
}
