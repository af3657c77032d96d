package io.faust4j;

import java.time.Duration;
import java.util.List;

/**
 * The events of one partition as an agent's loop sees them. Iterating it yields values; the other views
 * ({@link #items()}, {@link #events()}, {@link #take}, {@link #enumerate()}) read the same underlying
 * position, so use one of them per loop.
 *
 * <p>Asking for the next element finishes the previous one: its offset may then be committed. A
 * record that cannot be decoded is logged with its topic, partition and offset, counted, and skipped.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Stream<K, V> extends Iterable<V> {
    /** Key/value pairs (the key is {@code null} when a record has none). */
    Iterable<KeyValue<K, V>> items();

    /** Whole events: where each record sits, its timestamp, headers, key and value. */
    Iterable<Event<K, V>> events();

    /** Values, each with its position in this stream since the actor started (from 0). */
    Iterable<Indexed<V>> enumerate();

    /**
     * Values in lists of up to {@code max}, each list handed over when it is full or {@code within} has
     * passed on the app's clock since its first value arrived (a {@link io.faust4j.spi.SteppedClock}, such as
     * a test's manual clock, ends the window only when it is moved past it). Events of a list are finished
     * together, when the loop asks for the next list.
     */
    Iterable<List<V>> take(int max, Duration within);

    /** A view that skips values that do not match; skipped events count as finished. */
    Stream<K, V> filter(java.util.function.Predicate<? super V> predicate);

    /** A view that also sends every event it yields to {@code topic}, unchanged. */
    Stream<K, V> echo(Topic<K, V> topic);

    /** The event the loop is working on. Fails when there is none yet. */
    Event<K, V> current();

    /** Hands a result to the agent's sinks (and to the test driver's record of what the agent emitted). */
    void emit(Object result);

    /** The partition this actor consumes. */
    int partition();

    /**
     * A view whose events are not finished when the loop moves on, only when {@link #ack} is called for them
     * (Faust's {@code noack}): for loops that hand events to an asynchronous client and ack them in its
     * callback. What an event sends goes out when the loop moves on; its offset is committed only once it and
     * every event before it are acked or finished. Not available under exactly-once, nor with
     * {@link io.faust4j.AgentOptions#concurrency(int)} or {@link io.faust4j.AgentOptions#keyOrdered(int)}.
     * Events a loop leaves unacked when it fails or returns stay unacked (a warning says so): ack them, or the
     * partition's commits stay below them.
     */
    Stream<K, V> noAck();

    /**
     * Finishes an event handed out by a {@link #noAck()} view. May be called from any thread; fails when the
     * event was not handed out by such a view or was acked already.
     */
    void ack(Event<K, V> event);
}
