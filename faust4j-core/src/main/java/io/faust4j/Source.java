package io.faust4j;

import java.util.function.Function;

/**
 * Something an agent can consume: a topic, a channel, or a topic repartitioned or forwarded through
 * another topic first.
 *
 * @param <K> the key type the agent sees
 * @param <V> the value type the agent sees
 */
public interface Source<K, V> {
    /**
     * Repartitions by a string key: each event is re-sent, keyed by {@code keyFn}, to the internal
     * topic {@code <app>-<agent>-groupby-repartition}, so events with the same key reach the same actor
     * (and the same table partition).
     */
    Source<String, V> groupBy(Function<? super V, String> keyFn);

    /**
     * Repartitions by a typed key through the internal topic {@code <app>-<agent>-<name>-repartition}, or with
     * {@code faust_compat} Faust's {@code <agent>-<source topic>-<name>-repartition} (docs/faust.md).
     *
     * @param name names the repartition topic; unique within the agent
     * @param keyType the new key's type (encoded with the app's key serializer)
     * @param keyFn computes the new key from a value
     */
    <K2> Source<K2, V> groupBy(String name, Class<K2> keyType, Function<? super V, ? extends K2> keyFn);

    /** Forwards every event unchanged to {@code topic}, and consumes that topic instead. */
    Source<K, V> through(Topic<K, V> topic);
}
