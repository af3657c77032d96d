package io.faust4j.internal;

import io.faust4j.AgentBody;
import io.faust4j.Sink;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TransportProducer;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One copy of the loop of an agent with {@code concurrency} or {@code keyOrdered}, on a virtual thread of its
 * own, fed one event at a time by its actor's {@link Lanes}. An event is finished when the loop asks for the
 * next one: the lane then hands it back with what it sent. Failures go to a {@link Supervisor} of the lane, so
 * a failed event is retried, dead-lettered or skipped by the agent's error policy while the other lanes go on.
 */
final class Lane implements AgentLoop, Runnable {
    private static final ThreadLocal<Lane> CURRENT = new ThreadLocal<>();
    private static final Object END = new Object();

    private final Actor actor;
    private final Lanes lanes;
    private final Supervisor supervisor;
    private final Thread thread;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private volatile boolean stopping;
    private volatile long processed;

    // touched by the lane's thread only
    private Item current;
    private boolean unfinished;
    private Item redeliver;
    private List<Lanes.Send> sends = Lanes.newSends();
    private long enumerated;

    /** A record taken off the partition's queue: decoded, with the key it is ordered by. */
    record Item(ConsumedRecord record, Object value, Object key) {
    }

    Lane(Actor actor, Lanes lanes, int number) {
        this.actor = actor;
        this.lanes = lanes;
        this.supervisor = new Supervisor(this, actor.worker(), actor.plan());
        this.thread = Threads.virtual("faust4j-" + actor.plan().name() + "-" + actor.partition() + "-lane" + number,
                this);
    }

    /** The lane whose loop runs on this thread, or null. */
    static Lane current() {
        return CURRENT.get();
    }

    void start() {
        thread.start();
    }

    /** Hands the lane its next event (dispatcher thread). */
    void give(Item item) {
        inbox.add(item);
    }

    /** Asks the lane to stop: its loop sees the end of the stream when it asks for the next event. */
    void stop() {
        stopping = true;
        inbox.add(END);
    }

    void interrupt() {
        thread.interrupt();
    }

    @Override
    public void run() {
        Actor.bindCurrent(actor);
        CURRENT.set(this);
        try {
            supervisor.run();
        } finally {
            CURRENT.remove();
            Actor.bindCurrent(null);
            lanes.laneEnded(this);
        }
    }

    // ---- the cursor ----

    @Override
    public int advance(long deadlineNanos) {
        if (deadlineNanos != Long.MAX_VALUE) {
            throw new IllegalStateException("A deadline (take) is not available in " + describe());
        }
        release();
        if (stopping) {
            return Actor.END;
        }
        Item next = redeliver;
        redeliver = null;
        if (next == null) {
            Object element;
            try {
                element = inbox.take();
            } catch (InterruptedException e) {
                stopping = true;
                return Actor.END;
            }
            if (element == END) {
                return Actor.END;
            }
            next = (Item) element;
        }
        current = next;
        unfinished = true;
        processed++;
        return Actor.EVENT;
    }

    @Override
    public void release() {
        if (unfinished) {
            unfinished = false;
            List<Lanes.Send> done = sends;
            sends = done.isEmpty() ? done : Lanes.newSends();
            lanes.finished(this, current, done.isEmpty() ? List.of() : done);
        }
    }

    @Override
    public void handOver() {
        throw new IllegalStateException("noAck() is not available in " + describe());
    }

    @Override
    public void ack(ConsumedRecord record) {
        throw new IllegalStateException("ack(event) is not available in " + describe());
    }

    @Override
    public ConsumedRecord currentRecord() {
        return current == null ? null : current.record();
    }

    @Override
    public Object currentValue() {
        return current == null ? null : current.value();
    }

    @Override
    public long nextIndex() {
        return enumerated++;
    }

    // ---- what it belongs to ----

    @Override
    public WorkerImpl worker() {
        return actor.worker();
    }

    @Override
    public AgentPlan plan() {
        return actor.plan();
    }

    @Override
    public int partition() {
        return actor.partition();
    }

    @Override
    public TopicPartition topicPartition() {
        return actor.topicPartition();
    }

    @Override
    public String describe() {
        return actor.describe();
    }

    @Override
    public TransportProducer producer() {
        return actor.producer();
    }

    // ---- effects ----

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void emit(Object result) throws Exception {
        for (Sink sink : actor.plan().sinks()) {
            sink.accept(result);
        }
        actor.worker().emitted(actor.plan(), result);
        RpcClient.replyIfAsked(this, result);
    }

    @Override
    public void bufferSend(TransportProducer target, OutgoingRecord record) {
        if (actor.isFenced()) {
            throw WorkerImpl.fencedError(actor);
        }
        if (unfinished) {
            sends.add(new Lanes.Send(target, record));
        } else {
            lanes.finished(this, null, List.of(new Lanes.Send(target, record)));
        }
    }

    @Override
    public void emit(TransportProducer target, OutgoingRecord record) {
        bufferSend(target, record);
    }

    // ---- supervision ----

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void runBody() throws Exception {
        ((AgentBody) actor.plan().body()).run(new StreamImpl<>(this, List.of(), List.of()));
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    @Override
    public boolean isFenced() {
        return actor.isFenced();
    }

    @Override
    public long processed() {
        return processed;
    }

    @Override
    public boolean pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!stopping) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(20, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (InterruptedException e) {
                stopping = true;
            }
        }
        return false;
    }

    @Override
    public List<ConsumedRecord> unfinishedRecords() {
        return unfinished ? List.of(current.record()) : List.of();
    }

    @Override
    public void rollBack() {
        sends.clear();
    }

    @Override
    public void rewind() {
        if (unfinished) {
            redeliver = current;
            unfinished = false;
        }
    }

    @Override
    public void giveUp() {
        release();
    }
}
