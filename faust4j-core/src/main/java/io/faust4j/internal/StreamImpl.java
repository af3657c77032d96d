package io.faust4j.internal;

import io.faust4j.Event;
import io.faust4j.Faust4jException;
import io.faust4j.Indexed;
import io.faust4j.KeyValue;
import io.faust4j.Stream;
import io.faust4j.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * The stream an agent's loop iterates: views over its actor's cursor, with the view's filters and
 * echo topics applied. Asking any view for its next element finishes what it handed out before.
 */
final class StreamImpl<K, V> implements Stream<K, V> {
    private final AgentLoop actor;
    private final List<Predicate<? super V>> filters;
    private final List<TopicImpl<K, V>> echoes;
    private final boolean manualAcks;

    StreamImpl(AgentLoop actor, List<Predicate<? super V>> filters, List<TopicImpl<K, V>> echoes) {
        this(actor, filters, echoes, false);
    }

    private StreamImpl(AgentLoop actor, List<Predicate<? super V>> filters, List<TopicImpl<K, V>> echoes,
                       boolean manualAcks) {
        this.actor = actor;
        this.filters = filters;
        this.echoes = echoes;
        this.manualAcks = manualAcks;
    }

    AgentLoop actor() {
        return actor;
    }

    @Override
    public Iterator<V> iterator() {
        return new Each<>(this::currentValue, false);
    }

    @Override
    public Iterable<KeyValue<K, V>> items() {
        return () -> new Each<>(() -> new KeyValue<>(currentKey(), currentValue()), false);
    }

    @Override
    public Iterable<Event<K, V>> events() {
        return () -> new Each<>(this::currentEvent, true);
    }

    @Override
    public Iterable<Indexed<V>> enumerate() {
        return () -> new Each<>(() -> new Indexed<>(actor.nextIndex(), currentValue()), false);
    }

    @Override
    public Iterable<List<V>> take(int max, Duration within) {
        if (max < 1) {
            throw new IllegalArgumentException("take(max, within) needs max >= 1, got " + max);
        }
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("take(max, within) needs a positive within, got " + within);
        }
        if (actor instanceof Lane) {
            throw new IllegalStateException("take(max, within) is not available in " + actor.describe() + ", which"
                    + " runs with concurrency or keyOrdered: each copy of its loop works on one event at a time."
                    + " Iterate the stream (or events()) instead, or use a plain agent to batch");
        }
        if (manualAcks) {
            throw new IllegalStateException("take(max, within) cannot be used on a noAck() stream: its lists carry"
                    + " values, not events to ack. Iterate noAck().events() and ack each event instead");
        }
        return () -> new Batches(max, within);
    }

    @Override
    public Stream<K, V> filter(Predicate<? super V> predicate) {
        List<Predicate<? super V>> more = new ArrayList<>(filters);
        more.add(predicate);
        return new StreamImpl<>(actor, List.copyOf(more), echoes, manualAcks);
    }

    @Override
    public Stream<K, V> echo(Topic<K, V> topic) {
        List<TopicImpl<K, V>> more = new ArrayList<>(echoes);
        more.add((TopicImpl<K, V>) topic);
        return new StreamImpl<>(actor, filters, List.copyOf(more), manualAcks);
    }

    @Override
    public Event<K, V> current() {
        if (actor.currentRecord() == null) {
            throw new Faust4jException("There is no current event: call current() inside the loop, after the"
                    + " stream has handed out a value");
        }
        return currentEvent();
    }

    @Override
    public void emit(Object result) {
        try {
            actor.emit(result);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new Faust4jException("A sink of " + actor.describe() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int partition() {
        return actor.partition();
    }

    @Override
    public Stream<K, V> noAck() {
        if (actor.worker().exactlyOnce()) {
            throw new IllegalStateException("noAck() is not available under processing_guarantee=exactly_once: what an"
                    + " unacked event sends would be committed in a transaction before its offset. Let the stream ack"
                    + " events when the loop moves on, or use at_least_once");
        }
        if (actor instanceof Lane) {
            throw new IllegalStateException("noAck() is not available in " + actor.describe() + ", which runs with"
                    + " concurrency or keyOrdered: there each event is finished when its copy of the loop moves on."
                    + " Use a plain agent (concurrency 1) for manual acks");
        }
        ((Actor) actor).enableManualAcks();
        return new StreamImpl<>(actor, filters, echoes, true);
    }

    @Override
    public void ack(Event<K, V> event) {
        if (!(event instanceof EventImpl<K, V> handed)) {
            throw new IllegalArgumentException("ack(event) takes an event handed out by this stream, not " + event);
        }
        actor.ack(handed.record());
    }

    @SuppressWarnings("unchecked")
    private V currentValue() {
        return (V) actor.currentValue();
    }

    @SuppressWarnings("unchecked")
    private TopicImpl<K, V> topic() {
        return (TopicImpl<K, V>) actor.plan().topic();
    }

    private K currentKey() {
        byte[] key = actor.currentRecord().key();
        return key == null ? null : topic().keyCodec().decode(key);
    }

    private Event<K, V> currentEvent() {
        return new EventImpl<>(actor.currentRecord(), currentValue(), topic().keyCodec());
    }

    /**
     * Moves to the next event that passes the filters, echoing it; rejected events are released if asked.
     * Tombstones (records without a value) only reach views that asked for them ({@code events()}).
     */
    private int nextMatching(long deadlineNanos, boolean releaseRejected, boolean tombstones) {
        while (true) {
            int status = actor.advance(deadlineNanos);
            if (status != Actor.EVENT) {
                return status;
            }
            V value = currentValue();
            if (value == null ? tombstones : matches(value)) {
                echo();
                return Actor.EVENT;
            }
            if (releaseRejected) {
                actor.release();
            }
        }
    }

    private boolean matches(V value) {
        for (Predicate<? super V> filter : filters) {
            if (!filter.test(value)) {
                return false;
            }
        }
        return true;
    }

    private void echo() {
        if (echoes.isEmpty()) {
            return;
        }
        K key = currentKey();
        for (TopicImpl<K, V> topic : echoes) {
            actor.worker().send(topic, key, currentValue(), actor.currentRecord().headers());
        }
    }

    /** One element per event. */
    private final class Each<T> implements Iterator<T> {
        private final java.util.function.Supplier<T> element;
        private final boolean tombstones;
        private boolean fetched;
        private boolean ended;

        Each(java.util.function.Supplier<T> element, boolean tombstones) {
            this.element = element;
            this.tombstones = tombstones;
        }

        @Override
        public boolean hasNext() {
            if (!fetched && !ended) {
                if (manualAcks) {
                    actor.handOver();
                } else {
                    actor.release();
                }
                fetched = nextMatching(Long.MAX_VALUE, true, tombstones) == Actor.EVENT;
                ended = !fetched;
            }
            return fetched;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException("The stream has ended");
            }
            fetched = false;
            return element.get();
        }
    }

    /**
     * Lists of up to {@code max} values collected within a time window of the app's clock: on a stepped
     * (manual) clock the window closes when the clock is moved past it, not after real time.
     */
    private final class Batches implements Iterator<List<V>> {
        private final int max;
        private final Duration within;
        private List<V> pending;
        private boolean ended;

        Batches(int max, Duration within) {
            this.max = max;
            this.within = within;
        }

        @Override
        public boolean hasNext() {
            if (pending == null && !ended) {
                actor.release();
                pending = collect();
                ended = pending == null;
            }
            return pending != null;
        }

        @Override
        public List<V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException("The stream has ended");
            }
            List<V> out = pending;
            pending = null;
            return out;
        }

        private List<V> collect() {
            if (nextMatching(Long.MAX_VALUE, true, false) != Actor.EVENT) {
                return null;
            }
            List<V> values = new ArrayList<>(Math.min(max, 1024));
            values.add(currentValue());
            long deadline = actor.worker().time().deadline(within); // the window follows the app's clock
            while (values.size() < max) {
                int status = nextMatching(deadline, false, false);
                if (status == Actor.TIMEOUT) {
                    break;
                }
                if (status == Actor.END) {
                    return null; // not finished: the partial batch is delivered again after a restart
                }
                values.add(currentValue());
            }
            return values;
        }
    }

}
