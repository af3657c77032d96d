package io.faust4j.internal;

import io.faust4j.spi.ConsumedRecord;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The events a plain actor's loop handed over without finishing them ({@code stream.noAck()}), until the loop
 * (or any other thread, such as an asynchronous client's callback) acks them. The actor's finished-up-to
 * offset is then the lowest unacked offset, or the offset after the last event handed out, whichever is lower:
 * a commit never covers an unacked event. Every change of that offset is published under one lock, so acks
 * from several threads never move it back or past an unacked event.
 */
final class ManualAcks {
    private final Actor actor;
    private final ReentrantLock lock = new ReentrantLock();
    private final TreeMap<Long, ConsumedRecord> unacked = new TreeMap<>();
    // acked while still the loop's current event (not handed over yet)
    private final java.util.HashMap<Long, ConsumedRecord> early = new java.util.HashMap<>();
    private long seenNext;

    ManualAcks(Actor actor) {
        this.actor = actor;
        this.seenNext = actor.ackedNext();
    }

    /** Records an event handed over unfinished (actor thread), unless the loop acked it while it was current. */
    void add(ConsumedRecord record) {
        lock.lock();
        try {
            if (early.remove(record.offset()) != record) {
                unacked.put(record.offset(), record);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Everything below {@code next} was handed out (the actor thread says so when it finishes or skips
     * events); publishes the actor's finished-up-to offset (under the lock, so a concurrent ack is not undone).
     */
    void finishedUpTo(long next) {
        lock.lock();
        try {
            seenNext = next;
            actor.publishAcked(low());
        } finally {
            lock.unlock();
        }
    }

    /** Acks a handed-over event and publishes the actor's new finished-up-to offset; false if it was not unacked. */
    boolean ack(ConsumedRecord record) {
        lock.lock();
        try {
            if (unacked.get(record.offset()) == record) {
                unacked.remove(record.offset());
                actor.publishAcked(low());
                return true;
            }
            if (record.offset() >= seenNext && !early.containsKey(record.offset())) {
                early.put(record.offset(), record); // the event the loop works on: finished when it moves on
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private long low() {
        return unacked.isEmpty() ? seenNext : Math.min(unacked.firstKey(), seenNext);
    }

    /** Warns, when a loop is started again, that events of the previous run are still unacked. */
    void warnIfUnacked() {
        long first;
        int count;
        lock.lock();
        try {
            if (unacked.isEmpty()) {
                return;
            }
            first = unacked.firstKey();
            count = unacked.size();
        } finally {
            lock.unlock();
        }
        actor.worker().log().warn("{} starts its loop again with {} event(s) handed out by noAck() and not acked yet:"
                + " commits of its partition stay below offset {} until they are acked", actor.describe(), count, first);
    }
}
