package io.faust4j;

/**
 * The code of an agent: a plain loop over a stream, run on a virtual thread for one partition.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface AgentBody<K, V> {
    /**
     * Processes the stream until it ends (the partition was revoked or the worker stops). An event is
     * finished, and may be committed, when the loop asks for the next one. An exception is logged with
     * the event's topic, partition and offset, and the loop is started again after that event.
     */
    void run(Stream<K, V> stream) throws Exception;
}
