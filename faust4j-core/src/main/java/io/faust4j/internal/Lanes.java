package io.faust4j.internal;

import io.faust4j.AgentOptions;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.TransportProducer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The dispatcher of an agent with {@link AgentOptions#concurrency(int)} or {@link AgentOptions#keyOrdered(int)}:
 * it runs on its actor's thread in place of the loop, takes the partition's records off the actor's queue,
 * decodes them and hands them to {@link Lane}s, the copies of the loop, each on a virtual thread of its own.
 * With key order, an event is handed out only when no lane works on an event of the same key, and events of
 * one key go out in offset order; without it, in offset order to whichever lane is free.
 *
 * <p>Offsets: every decoded record is <em>open</em> from the moment it is taken off the queue until its lane
 * finishes it; the actor's finished-up-to offset is the lowest open offset (or the one after the last record
 * taken), so a commit never covers an unfinished event, whatever order events finish in. What a lane's event
 * sends is handed to the dispatcher with its completion and goes to the producer from the actor thread:
 * at once under at-least-once (before the offset can be published as finished), and under exactly-once only
 * once every event below it is finished too, in offset order, so a transaction never carries the output of
 * an event its committed offset does not cover. Checkpoints, held sends and stops are served between
 * dispatches, as a plain actor does between events. Records buffered here still count as queued, so the
 * poll loop's backpressure bounds them.
 */
final class Lanes {
    private static final Object NO_KEY = new Object();

    private final Actor actor;
    private final boolean keyOrdered;
    private final boolean exactlyOnce;
    private final Lane[] lanes;
    private final ArrayDeque<Lane> idle = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean signalled = new AtomicBoolean();
    // the records taken off the queue and not handed out: in offset order, or per key in offset order
    private final ArrayDeque<Lane.Item> fifo = new ArrayDeque<>();
    private final Map<Object, ArrayDeque<Lane.Item>> byKey = new HashMap<>();
    private final ArrayDeque<Object> readyKeys = new ArrayDeque<>();
    private final Set<Object> busyKeys = new HashSet<>();
    private final OpenOffsets open;
    // exactly-once: the sends of finished events above the lowest open offset, by offset
    private final TreeMap<Long, List<Send>> held = new TreeMap<>();
    private int ended;

    Lanes(Actor actor) {
        this.actor = actor;
        AgentOptions options = actor.plan().options();
        this.keyOrdered = options.keyOrdered();
        this.exactlyOnce = actor.worker().exactlyOnce();
        this.open = new OpenOffsets(actor.ackedNext());
        this.lanes = new Lane[options.concurrency()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(actor, this, i);
        }
    }

    /** The dispatch loop, on the actor thread, until the actor stops. */
    void run() {
        for (Lane lane : lanes) {
            idle.add(lane);
            lane.start();
        }
        while (true) {
            boolean running = actor.service();
            drain();
            if (!running) {
                break;
            }
            dispatch();
            List<ConsumedRecord> batch = actor.takeInput();
            if (batch != null) {
                accept(batch);
            }
        }
        stopLanes();
    }

    /** Events handed to lanes so far (for the worker's statistics). */
    long processed() {
        long sum = 0;
        for (Lane lane : lanes) {
            sum += lane.processed();
        }
        return sum;
    }

    /** Routes a send made on a lane's thread to that lane; false when called on another thread. */
    boolean bufferSend(TransportProducer target, OutgoingRecord record) {
        Lane lane = Lane.current();
        if (lane == null) {
            return false;
        }
        lane.bufferSend(target, record);
        return true;
    }

    // ---- from the lanes ----

    /** A lane finished {@code item} (or sent without an event, when {@code item} is null). */
    void finished(Lane lane, Lane.Item item, List<Send> sends) {
        post(new Completion(lane, item, sends, false));
    }

    /** A lane's thread ended. */
    void laneEnded(Lane lane) {
        post(new Completion(lane, null, List.of(), true));
    }

    private void post(Completion completion) {
        completions.add(completion);
        if (signalled.compareAndSet(false, true)) {
            actor.wake();
        }
    }

    // ---- on the actor thread ----

    private void accept(List<ConsumedRecord> batch) {
        int skipped = 0;
        for (ConsumedRecord record : batch) {
            Object value = actor.decodeForLane(record);
            if (value == Actor.SKIP) {
                skipped++;
                open.skip(record.offset());
                continue;
            }
            open.add(record.offset());
            Object key = keyOf(record);
            Lane.Item item = new Lane.Item(record, value, key);
            if (!keyOrdered) {
                fifo.add(item);
                continue;
            }
            ArrayDeque<Lane.Item> queue = byKey.get(key);
            if (queue == null) {
                queue = new ArrayDeque<>();
                byKey.put(key, queue);
                if (!busyKeys.contains(key)) {
                    readyKeys.add(key);
                }
            }
            queue.add(item);
        }
        if (skipped > 0) {
            actor.consumed(skipped);
            publish();
        }
    }

    private Object keyOf(ConsumedRecord record) {
        if (!keyOrdered) {
            return NO_KEY;
        }
        return record.key() == null ? NO_KEY : ByteBuffer.wrap(record.key());
    }

    private void dispatch() {
        while (!idle.isEmpty()) {
            Lane.Item next = keyOrdered ? nextOfReadyKey() : fifo.poll();
            if (next == null) {
                return;
            }
            idle.poll().give(next);
            actor.consumed(1);
        }
    }

    private Lane.Item nextOfReadyKey() {
        Object key = readyKeys.poll();
        if (key == null) {
            return null;
        }
        ArrayDeque<Lane.Item> queue = byKey.get(key);
        Lane.Item item = queue.poll();
        if (queue.isEmpty()) {
            byKey.remove(key);
        }
        busyKeys.add(key);
        return item;
    }

    /** Takes in what the lanes finished: their sends, their offsets, their keys; then publishes the new low. */
    private void drain() {
        signalled.set(false);
        Completion done;
        boolean any = false;
        while ((done = completions.poll()) != null) {
            any = true;
            if (done.ended()) {
                ended++;
                continue;
            }
            if (done.item() == null) {
                send(done.sends()); // sends made outside an event: no offset to wait for
                continue;
            }
            finish(done);
        }
        if (any) {
            publish();
        }
    }

    private void finish(Completion done) {
        Lane.Item item = done.item();
        long offset = item.record().offset();
        open.remove(offset);
        if (exactlyOnce && !done.sends().isEmpty()) {
            held.put(offset, done.sends());
        } else {
            send(done.sends());
        }
        if (keyOrdered) {
            busyKeys.remove(item.key());
            if (byKey.containsKey(item.key())) {
                readyKeys.add(item.key());
            }
        }
        if (!done.lane().stopping()) {
            idle.add(done.lane());
        }
    }

    /** Sends what finished events below the lowest open offset held, then publishes that offset as finished. */
    private void publish() {
        long low = open.low();
        while (!held.isEmpty() && held.firstKey() < low) {
            send(held.pollFirstEntry().getValue());
        }
        actor.publishAcked(low);
    }

    private void send(List<Send> sends) {
        if (actor.isFenced()) {
            return; // refused: the partition's next owner processes these events again
        }
        for (Send send : sends) {
            actor.emit(send.target(), send.record());
        }
    }

    /** Stops every lane and waits for them, still serving checkpoints and completions; not after a fence. */
    private void stopLanes() {
        for (Lane lane : lanes) {
            lane.stop();
        }
        while (ended < lanes.length && !actor.isFenced()) {
            actor.takeInput(); // records that arrive now are left to the next owner
            actor.service();
            drain();
        }
        if (actor.isFenced()) {
            for (Lane lane : lanes) {
                lane.interrupt();
            }
        }
    }

    /** A record a lane sends once its event is finished. */
    record Send(TransportProducer target, OutgoingRecord record) {
    }

    private record Completion(Lane lane, Lane.Item item, List<Send> sends, boolean ended) {
    }

    /**
     * The offsets taken off the queue and not finished, and the offset after the last one taken: the lowest
     * of them is what the actor may publish as finished.
     */
    static final class OpenOffsets {
        private final java.util.TreeSet<Long> offsets = new java.util.TreeSet<>();
        private long next;

        OpenOffsets(long start) {
            this.next = start;
        }

        void add(long offset) {
            offsets.add(offset);
            next = offset + 1;
        }

        void skip(long offset) {
            next = offset + 1;
        }

        void remove(long offset) {
            offsets.remove(offset);
        }

        /** The lowest unfinished offset, or the one after the last taken (the start offset before any). */
        long low() {
            return offsets.isEmpty() ? next : offsets.first();
        }
    }

    static List<Send> newSends() {
        return new ArrayList<>(2);
    }
}
