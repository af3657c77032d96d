package io.faust4j.internal;

import io.faust4j.AgentBody;
import io.faust4j.Sink;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TransportProducer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one agent over one partition on its own virtual thread. The poll loop hands it batches of
 * records; it decodes them and feeds them to the agent's loop, tracks which offsets are finished, and
 * checkpoints (table changes to the changelog) when the poll loop asks before a commit.
 *
 * <p>Ack rule: {@link #ackedNext} only moves past an event once the loop asks for the next one (or the
 * next batch), so a commit never covers an event that is not finished. What an event does is held back
 * until then: its sends wait in a buffer handed to the producer when the event is finished (just before
 * the ack), and its table writes are logged so a failed attempt can be rolled back. A failed event is
 * then retried, dead-lettered, skipped or stops the worker, as its agent's {@link Supervisor} decides.
 *
 * <p>This is the engine's hot spot: per event it does one decode, two volatile reads and one release store.
 */
final class Actor implements Runnable, AgentLoop {
    private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();
    private static final Object WAKE = new Object();
    static final Object SKIP = new Object();
    private static final VarHandle ACKED;

    static final int EVENT = 0;
    static final int END = 1;
    static final int TIMEOUT = 2;
    static final long NO_DEADLINE = Long.MIN_VALUE;

    static {
        try {
            ACKED = MethodHandles.lookup().findVarHandle(Actor.class, "ackedNext", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WorkerImpl worker;
    private final PollLoop loop;
    private final AgentPlan plan;
    private final TopicPartition tp;
    private final TransportProducer producer;
    private final Supervisor supervisor;
    private final LinkedBlockingDeque<Object> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final List<TableShard<?, ?>> dirtyShards = new ArrayList<>();
    private final Thread thread;
    @SuppressWarnings("unused") // accessed through ACKED
    private long ackedNext;
    private volatile long checkpointOffset;
    private volatile boolean dirty;
    private volatile boolean stopping;
    private volatile boolean fenced;
    private volatile boolean finished;
    private volatile boolean paused;
    private volatile CommitRound requested;
    private volatile long clockDeadline = NO_DEADLINE;
    private volatile boolean tickRequested;
    private volatile boolean ticking;
    private CommitRound handled;

    // the cursor and the effects of unfinished events: touched by the actor thread only
    private List<ConsumedRecord> batch = List.of();
    private int index;
    private ConsumedRecord current;
    private Object currentValue;
    private long lastSeen = -1;
    private boolean unfinished;
    private long processed;
    private long enumerated;
    private final List<ConsumedRecord> inFlight = new ArrayList<>();
    private final List<TransportProducer> pendingTargets = new ArrayList<>();
    private final List<OutgoingRecord> pendingSends = new ArrayList<>();
    // exactly-once: sends of events finished after this actor's checkpoint wait here until the transaction of
    // that checkpoint is committed, so they belong to the next one; the actor goes on processing meanwhile
    private CommitRound holdFor;
    private final List<TransportProducer> heldTargets = new ArrayList<>();
    private final List<OutgoingRecord> heldSends = new ArrayList<>();
    private final UndoLog undo = new UndoLog();
    // concurrency/keyOrdered: the lanes this actor dispatches to (null for a plain agent); manual acks (noAck)
    private final Lanes lanes;
    private ManualAcks acks;
    // meters (WorkerMetrics): table operations counted by this thread, read by registries; one event in
    // SAMPLE_EVERY timed from when it is handed out until it is finished
    private final long[] tableOps;
    private final TimeTotals eventTimer;
    private long sampleStart;
    private boolean sampling;

    Actor(WorkerImpl worker, PollLoop loop, AgentPlan plan, TopicPartition tp, long startOffset,
          TransportProducer producer) {
        this.worker = worker;
        this.loop = loop;
        this.plan = plan;
        this.tp = tp;
        this.producer = producer;
        this.ackedNext = startOffset;
        this.checkpointOffset = startOffset;
        this.supervisor = new Supervisor(this, worker, plan);
        this.lanes = plan.options().concurrent() && !plan.internal() ? new Lanes(this) : null;
        this.thread = Threads.virtual("faust4j-" + plan.name() + "-" + tp.partition(), this);
        this.tableOps = new long[worker.metrics().tableOpSlots()];
        this.eventTimer = worker.metrics().eventTimer(plan.name());
    }

    /** The actor whose loop runs on this thread, or null outside agents. */
    static Actor current() {
        return CURRENT.get();
    }

    /** Makes {@code actor} the current one of this thread (a lane's), or none when null. */
    static void bindCurrent(Actor actor) {
        if (actor == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(actor);
        }
    }

    void start() {
        thread.start();
    }

    @Override
    public WorkerImpl worker() {
        return worker;
    }

    @Override
    public AgentPlan plan() {
        return plan;
    }

    @Override
    public TopicPartition topicPartition() {
        return tp;
    }

    @Override
    public int partition() {
        return tp.partition();
    }

    @Override
    public TransportProducer producer() {
        return producer;
    }

    @Override
    public String describe() {
        return "agent '" + plan.name() + "' (partition " + tp.partition() + " of " + tp.topic() + ")";
    }

    // ---- fed and steered by the poll loop ----

    /** Queues a batch; returns the number of records now waiting. */
    int enqueue(List<ConsumedRecord> records) {
        int waiting = queued.addAndGet(records.size());
        queue.offer(records);
        return waiting;
    }

    int queued() {
        return queued.get();
    }

    void markPaused() {
        paused = true;
    }

    void requestCheckpoint(CommitRound round) {
        requested = round;
        if (finished) {
            round.arrive(this);
        } else {
            queue.offerFirst(WAKE);
        }
    }

    void stop() {
        stopping = true;
        queue.offerFirst(WAKE);
    }

    /** Asks the actor to run the windowed tables' idle rule between events (the app's stepped clock moved). */
    void requestTick() {
        tickRequested = true;
        queue.offerFirst(WAKE);
    }

    /** Whether a requested tick has not run yet (the actor is not idle). */
    boolean tickPending() {
        return tickRequested || ticking;
    }

    /** Wakes the actor so it sends what it held for a transaction that is now committed. */
    void wake() {
        queue.offerFirst(WAKE);
    }

    /**
     * Fences this actor: it may no longer write tables or send, and it stops. Used when its partition was
     * lost to another worker, or when it did not stop in time: whatever it does from now on is refused.
     */
    void fence() {
        fenced = true;
        stop();
        thread.interrupt();
    }

    @Override
    public boolean isFenced() {
        return fenced;
    }

    boolean join(long millis) throws InterruptedException {
        return thread.join(java.time.Duration.ofMillis(Math.max(1, millis)));
    }

    boolean isFinished() {
        return finished;
    }

    /** Everything below this offset is finished (read by the poll loop). */
    long ackedNext() {
        return (long) ACKED.getAcquire(this);
    }

    /** Exactly-once: the offset this actor had finished when it checkpointed for the current round. */
    long checkpointedOffset() {
        return checkpointOffset;
    }

    /**
     * The offset a commit may cover (read by the poll loop): everything finished when the actor has no
     * unsent table changes, else what its last checkpoint covered. The acquire read of {@code ackedNext}
     * comes first: a table write made before an ack is then seen as {@code dirty}.
     */
    long committableOffset() {
        long finishedUpTo = ackedNext();
        return dirty ? checkpointOffset : finishedUpTo;
    }

    @Override
    public long processed() {
        return lanes == null ? processed : lanes.processed();
    }

    /** Table operations by this actor, read by meters: index {@code table * WorkerMetrics.OPS + op}. */
    long[] tableOps() {
        return tableOps;
    }

    /** Counts a table operation (on the actor's thread). */
    void countTableOp(int table, int op) {
        int slot = table * WorkerMetrics.OPS + op;
        if (slot < tableOps.length) {
            tableOps[slot]++;
        }
    }

    // ---- the cursor, used by streams on the actor thread ----

    @Override
    public ConsumedRecord currentRecord() {
        return current;
    }

    @Override
    public Object currentValue() {
        return currentValue;
    }

    @Override
    public long nextIndex() {
        return enumerated++;
    }

    /**
     * Moves to the next decodable record. A record that cannot be decoded goes to the agent's error policy;
     * a tombstone (no value) is an event whose value is {@code null}.
     *
     * @param deadlineNanos a deadline of the app's time ({@link AppTime#deadline}) to give up at, or
     *     {@link Long#MAX_VALUE}
     * @return {@link #EVENT}, {@link #END} (stopping) or {@link #TIMEOUT}
     */
    @Override
    public int advance(long deadlineNanos) {
        while (true) {
            if (requested != handled) {
                checkpoint();
            }
            if (holdFor != null) {
                releaseHeld();
            }
            if (tickRequested) {
                ticking = true; // before the request is cleared: the tick never looks idle to a test driver
                tickRequested = false;
                try {
                    worker.tickWindows(this);
                } finally {
                    ticking = false;
                }
            }
            if (stopping) {
                return END;
            }
            if (index >= batch.size()) {
                int status = nextBatch(deadlineNanos);
                if (status != EVENT) {
                    if (status == TIMEOUT) {
                        return TIMEOUT;
                    }
                    continue;
                }
            }
            ConsumedRecord record = batch.get(index++);
            lastSeen = record.offset();
            Object value = decode(record);
            if (value == SKIP) {
                if (!unfinished) {
                    finishedUpTo(record.offset() + 1);
                }
                continue;
            }
            current = record;
            currentValue = value;
            unfinished = true;
            inFlight.add(record);
            if ((++processed & WorkerMetrics.SAMPLE_MASK) == 0 && eventTimer != null && !sampling) {
                sampling = true;
                sampleStart = System.nanoTime();
            }
            return EVENT;
        }
    }

    /** Marks every event handed out so far as finished: hands their sends to the producer, then acks. */
    @Override
    public void release() {
        if (unfinished) {
            unfinished = false;
            if (sampling) {
                sampling = false;
                eventTimer.record(System.nanoTime() - sampleStart);
            }
            if (!pendingSends.isEmpty()) {
                flushPendingSends();
            }
            undo.clear();
            inFlight.clear();
            finishedUpTo(lastSeen + 1);
        }
    }

    private void finishedUpTo(long next) {
        if (acks == null) {
            ACKED.setRelease(this, next);
        } else {
            acks.finishedUpTo(next);
        }
    }

    /** Manual acks: what the current event did goes out, but its offset stays unfinished until {@link #ack}. */
    @Override
    public void handOver() {
        if (!unfinished) {
            return;
        }
        if (acks != null) {
            acks.add(current);
        }
        release();
    }

    /** Manual acks: finishes an event handed over before; may be called from any thread. */
    @Override
    public void ack(ConsumedRecord record) {
        ManualAcks manual = acks;
        if (manual == null || !manual.ack(record)) {
            throw new io.faust4j.Faust4jException("Cannot ack " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " in " + describe() + ": it was not handed out by this actor's noAck()"
                    + " stream, or it was acked already");
        }
    }

    /** Turns manual acks on (by {@code stream.noAck()}, on the actor thread); they stay on for this actor. */
    void enableManualAcks() {
        if (acks == null) {
            acks = new ManualAcks(this);
        }
    }

    /** Publishes a new finished-up-to offset (manual acks and lanes compute it). */
    void publishAcked(long next) {
        ACKED.setRelease(this, next);
    }

    /** Whether this actor runs its loop in several lanes (concurrency or keyOrdered): tables are then read-only. */
    boolean concurrent() {
        return lanes != null;
    }

    /** Sends made while an event is being processed wait here until it is finished. */
    @Override
    public void bufferSend(TransportProducer target, OutgoingRecord record) {
        if (lanes != null && lanes.bufferSend(target, record)) {
            return;
        }
        if (fenced) {
            throw WorkerImpl.fencedError(this);
        }
        if (!unfinished) {
            emit(target, record);
            return;
        }
        pendingTargets.add(target);
        pendingSends.add(record);
    }

    /** Sends a record of a finished event now, or holds it while this actor's transaction is being committed. */
    @Override
    public void emit(TransportProducer target, OutgoingRecord record) {
        if (fenced) {
            throw WorkerImpl.fencedError(this);
        }
        if (holdFor != null && !releaseHeld()) {
            heldTargets.add(target);
            heldSends.add(record);
            return;
        }
        target.send(record, SendCallback.NONE);
    }

    /** Sends the held records once the round they wait for is over; true if nothing is held any more. */
    private boolean releaseHeld() {
        if (holdFor == null) {
            return true;
        }
        if (!holdFor.isOpen()) {
            return false;
        }
        holdFor = null;
        if (!fenced) {
            for (int i = 0; i < heldSends.size(); i++) {
                heldTargets.get(i).send(heldSends.get(i), SendCallback.NONE);
            }
        }
        heldSends.clear();
        heldTargets.clear();
        return true;
    }

    private void flushPendingSends() {
        if (fenced) {
            throw WorkerImpl.fencedError(this);
        }
        for (int i = 0; i < pendingSends.size(); i++) {
            emit(pendingTargets.get(i), pendingSends.get(i));
        }
        pendingSends.clear();
        pendingTargets.clear();
    }

    /** Remembers a table write of an unfinished event, so a failed attempt can be undone. */
    void logWrite(TableShard<?, ?> shard, Object key, Object previous) {
        if (unfinished) {
            undo.add(shard, key, previous);
        }
    }

    private int nextBatch(long deadlineNanos) {
        Object next;
        try {
            if (deadlineNanos == Long.MAX_VALUE) {
                next = queue.take();
            } else {
                next = worker.time().isSystem() ? pollUntil(deadlineNanos) : pollUntilOnClock(deadlineNanos);
                if (next == null) {
                    return TIMEOUT;
                }
            }
        } catch (InterruptedException e) {
            stopping = true;
            return END;
        }
        if (next == WAKE) {
            return END;
        }
        @SuppressWarnings("unchecked")
        List<ConsumedRecord> records = (List<ConsumedRecord>) next;
        batch = records;
        index = 0;
        consumed(records.size());
        return EVENT;
    }

    /** Counts records taken off the queue; resumes the partition once the queue has drained to half. */
    void consumed(int records) {
        int left = queued.addAndGet(-records);
        if (paused && left <= loop.resumeThreshold()) {
            paused = false;
            loop.requestResume(tp);
        }
    }

    // ---- used by the lanes' dispatcher, on the actor thread ----

    /** Checkpoints if asked and sends what a committed round held back; false once stopping. */
    boolean service() {
        if (requested != handled) {
            checkpoint();
        }
        if (holdFor != null) {
            releaseHeld();
        }
        return !stopping;
    }

    /** The next element of the queue, waiting for it: a batch (not yet counted as consumed), or null for a wake-up. */
    @SuppressWarnings("unchecked")
    List<ConsumedRecord> takeInput() {
        try {
            Object next = queue.take();
            return next == WAKE ? null : (List<ConsumedRecord>) next;
        } catch (InterruptedException e) {
            stopping = true;
            return null;
        }
    }

    /** Decodes a record for a lane, or returns {@link #SKIP} (the error policy has dealt with it). */
    Object decodeForLane(ConsumedRecord record) {
        return decode(record);
    }

    /** The next batch, or null once the system clock passed {@code deadline} (a {@link System#nanoTime()}). */
    private Object pollUntil(long deadline) throws InterruptedException {
        long wait = deadline - System.nanoTime();
        return wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
    }

    /**
     * The next batch, or null once the app's clock passed {@code deadline} (its milliseconds). Registered with
     * the app's time before the clock is read, so a move of a stepped clock from then on wakes this wait; a
     * wake returns {@link #WAKE}, and the caller asks again.
     */
    private Object pollUntilOnClock(long deadline) throws InterruptedException {
        AppTime time = worker.time();
        clockDeadline = deadline;
        time.register(this);
        try {
            long wait = time.waitNanos(deadline);
            if (wait == 0) {
                return queue.poll();
            }
            return wait == AppTime.UNTIL_MOVED ? queue.take() : queue.poll(wait, TimeUnit.NANOSECONDS);
        } finally {
            time.unregister(this);
            clockDeadline = NO_DEADLINE;
        }
    }

    /**
     * True while the loop waits for a deadline of a stepped clock (a {@code take} window) that the clock has
     * not reached: nothing happens until a test moves the clock or a record arrives.
     */
    boolean waitsForClock() {
        long deadline = clockDeadline;
        return deadline != NO_DEADLINE && worker.time().isStepped() && worker.time().millis() < deadline;
    }

    /** The app-clock deadline this actor waits for, in milliseconds, or {@link #NO_DEADLINE}. */
    long clockDeadline() {
        return clockDeadline;
    }

    private Object decode(ConsumedRecord record) {
        byte[] bytes = record.value();
        if (bytes == null) {
            worker.countTombstone();
            return null;
        }
        try {
            return plan.topic().valueCodec().decode(bytes);
        } catch (RuntimeException e) { // a CodecException, or a model constructor rejecting the data
            if (!supervisor.undecodable(record, e)) {
                stopping = true;
            }
            return SKIP;
        }
    }

    // ---- failures, as the supervisor decides ----

    /** The records handed out and not finished: what a failure is about. */
    @Override
    public List<ConsumedRecord> unfinishedRecords() {
        return List.copyOf(inFlight);
    }

    /** Undoes what the unfinished events did: their table writes and their buffered sends. */
    @Override
    public void rollBack() {
        undo.rollBack();
        pendingSends.clear();
        pendingTargets.clear();
    }

    /** Hands the unfinished events out again, from the first, before the rest of the batch. */
    @Override
    public void rewind() {
        List<ConsumedRecord> again = new ArrayList<>(inFlight);
        again.addAll(batch.subList(index, batch.size()));
        batch = again;
        index = 0;
        inFlight.clear();
        unfinished = false;
    }

    /** Gives up on the unfinished events (already rolled back): they are finished as far as commits go. */
    @Override
    public void giveUp() {
        release();
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    /** Sleeps up to {@code millis}, checkpointing when asked; false if the actor was stopped meanwhile. */
    @Override
    public boolean pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!stopping) {
            if (requested != handled) {
                checkpoint();
            }
            if (holdFor != null) {
                releaseHeld();
            }
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

    // ---- checkpoints ----

    void registerDirty(TableShard<?, ?> shard) {
        dirtyShards.add(shard);
        dirty = true;
    }

    private void checkpoint() {
        CommitRound round = requested;
        // a round older than the session timeout means this process was frozen meanwhile: its partitions may
        // belong to another worker now, so nothing is written; the poll loop fences and replays
        boolean stale = round != null && round.ageNanos() > worker.frozenAfterNanos();
        releaseHeld(); // the previous round is over before a new one starts: its held sends go first
        if (!fenced && !stale) {
            worker.tickWindows(this); // windowed tables' idle rule: its expiries go to the changelog below
            undo.clear(); // what is sent to the changelog now can no longer be undone
            flushTables();
            checkpointOffset = ackedNext();
        }
        handled = round;
        if (round != null) {
            if (round.isBarrier() && !fenced) {
                holdFor = round; // set before arriving: the round may be committed (and opened) at once
            }
            round.arrive(this);
        }
    }

    private void flushTables() {
        if (dirtyShards.isEmpty()) {
            return;
        }
        long now = worker.clock().millis();
        int sent = 0;
        for (TableShard<?, ?> shard : dirtyShards) {
            sent += shard.checkpoint(producer, now, worker.tables()::nextCheckpoint);
        }
        dirtyShards.clear();
        dirty = false;
        worker.countChangelogRecords(sent);
    }

    // ---- the loop ----

    @Override
    public void run() {
        CURRENT.set(this);
        try {
            if (lanes != null) {
                lanes.run();
            } else {
                supervisor.run();
            }
        } finally {
            finish();
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void runBody() throws Exception {
        if (acks != null) {
            acks.warnIfUnacked();
        }
        ((AgentBody) plan.body()).run(new StreamImpl<>(this, List.of(), List.of()));
    }

    private void finish() {
        try {
            rollBack();
            boolean dropped = false;
            if (holdFor != null && !releaseHeld()) {
                // the round's transaction is not over: what this actor did since its checkpoint cannot be
                // kept (its sends would land in the wrong transaction); the next owner replays those events
                heldSends.clear();
                heldTargets.clear();
                holdFor = null;
                dropped = true;
            }
            if (!fenced && !dropped) {
                undo.clear();
                flushTables();
                checkpointOffset = ackedNext();
            }
        } catch (RuntimeException e) {
            worker.log().error("{} could not checkpoint its table changes while stopping", describe(), e);
        } finally {
            finished = true;
            CommitRound round = requested;
            if (round != null) {
                round.arrive(this);
            }
            CURRENT.remove();
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void emit(Object result) throws Exception {
        for (Sink sink : plan.sinks()) {
            sink.accept(result);
        }
        worker.emitted(plan, result);
        RpcClient.replyIfAsked(this, result);
    }
}
