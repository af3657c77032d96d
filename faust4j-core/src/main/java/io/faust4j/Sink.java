package io.faust4j;

/**
 * Where an agent's emitted values go: a topic, a channel, another agent, or any callback.
 *
 * @param <T> the value type it accepts
 */
@FunctionalInterface
public interface Sink<T> {
    /** Takes one emitted value. */
    void accept(T value) throws Exception;
}
