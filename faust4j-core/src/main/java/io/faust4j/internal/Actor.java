package io.faust4j.internal;

import io.faust4j.AgentBody;
import io.faust4j.Sink;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.WriteBatch;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one agent over one partition on its own virtual thread. The poll loop hands it batches of
 * records; it decodes them and feeds them to the agent's loop, tracks which offsets are finished, and
 * checkpoints (table changes to the changelog) when the poll loop asks before a commit.
 *
 * <p>Ack rule: {@link #ackedNext} only moves past an event once the loop asks for the next one (or the
 * next batch), so a commit never covers an event that is not finished. This is the engine's hot spot:
 * per event it does one decode, two volatile reads and one release store.
 */
final class Actor implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Actor.class);
    private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();
    private static final Object WAKE = new Object();
    private static final Object SKIP = new Object();
    private static final VarHandle ACKED;

    static final int EVENT = 0;
    static final int END = 1;
    static final int TIMEOUT = 2;

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
    private final LinkedBlockingDeque<Object> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final List<TableShard<?, ?>> dirtyShards = new ArrayList<>();
    private final WriteBatch writeBatch = new WriteBatch();
    private final Thread thread;
    @SuppressWarnings("unused") // accessed through ACKED
    private long ackedNext;
    private volatile long checkpointOffset;
    private volatile boolean dirty;
    private volatile boolean stopping;
    private volatile boolean finished;
    private volatile boolean paused;
    private volatile CommitRound requested;
    private CommitRound handled;

    // the cursor: touched by the actor thread only
    private List<ConsumedRecord> batch = List.of();
    private int index;
    private ConsumedRecord current;
    private Object currentValue;
    private long lastSeen = -1;
    private boolean unfinished;
    private long processed;
    private long enumerated;

    Actor(WorkerImpl worker, PollLoop loop, AgentPlan plan, TopicPartition tp, long startOffset) {
        this.worker = worker;
        this.loop = loop;
        this.plan = plan;
        this.tp = tp;
        this.ackedNext = startOffset;
        this.checkpointOffset = startOffset;
        this.thread = Threads.virtual("faust4j-" + plan.name() + "-" + tp.partition(), this);
    }

    /** The actor whose loop runs on this thread, or null outside agents. */
    static Actor current() {
        return CURRENT.get();
    }

    void start() {
        thread.start();
    }

    WorkerImpl worker() {
        return worker;
    }

    AgentPlan plan() {
        return plan;
    }

    int partition() {
        return tp.partition();
    }

    String describe() {
        return "agent '" + plan.name() + "' (partition " + tp.partition() + " of " + tp.topic() + ")";
    }

    // ---- fed by the poll loop ----

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

    boolean join(long millis) throws InterruptedException {
        return thread.join(java.time.Duration.ofMillis(millis));
    }

    void interrupt() {
        thread.interrupt();
    }

    boolean isFinished() {
        return finished;
    }

    /** Everything below this offset is finished (read by the poll loop). */
    long ackedNext() {
        return (long) ACKED.getAcquire(this);
    }

    /**
     * The offset a commit may cover (read by the poll loop): everything finished when the actor has no
     * unsent table changes, else what its last checkpoint covered. The acquire read of {@code ackedNext}
     * comes first: a table write made before an ack is then seen as {@code dirty}.
     */
    long committableOffset() {
        long finished = ackedNext();
        return dirty ? checkpointOffset : finished;
    }

    long processed() {
        return processed;
    }

    // ---- the cursor, used by streams on the actor thread ----

    ConsumedRecord currentRecord() {
        return current;
    }

    Object currentValue() {
        return currentValue;
    }

    long nextIndex() {
        return enumerated++;
    }

    /**
     * Moves to the next decodable record. Undecodable records are logged, counted and skipped.
     *
     * @param deadlineNanos a {@link System#nanoTime()} to give up at, or {@link Long#MAX_VALUE}
     * @return {@link #EVENT}, {@link #END} (stopping) or {@link #TIMEOUT}
     */
    int advance(long deadlineNanos) {
        while (true) {
            if (requested != handled) {
                checkpoint();
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
                    ACKED.setRelease(this, record.offset() + 1);
                }
                continue;
            }
            current = record;
            currentValue = value;
            unfinished = true;
            processed++;
            return EVENT;
        }
    }

    /** Marks every event handed out so far as finished. */
    void release() {
        if (unfinished) {
            unfinished = false;
            ACKED.setRelease(this, lastSeen + 1);
        }
    }

    private int nextBatch(long deadlineNanos) {
        Object next;
        try {
            if (deadlineNanos == Long.MAX_VALUE) {
                next = queue.take();
            } else {
                long wait = deadlineNanos - System.nanoTime();
                next = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
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
        int left = queued.addAndGet(-records.size());
        if (paused && left <= loop.resumeThreshold()) {
            paused = false;
            loop.requestResume(tp);
        }
        return EVENT;
    }

    private Object decode(ConsumedRecord record) {
        byte[] bytes = record.value();
        if (bytes == null) {
            return SKIP;
        }
        try {
            return plan.topic().valueCodec().decode(bytes);
        } catch (RuntimeException e) { // a CodecException, or a model constructor rejecting the data
            worker.countDecodeError();
            LOG.warn("Skipping a record that cannot be decoded: topic {} partition {} offset {} (agent '{}'): {}."
                    + " The record stays in the topic.", record.topic(), record.partition(), record.offset(),
                    plan.name(), e.getMessage());
            return SKIP;
        }
    }

    // ---- checkpoints ----

    void registerDirty(TableShard<?, ?> shard) {
        dirtyShards.add(shard);
        dirty = true;
    }

    private void checkpoint() {
        CommitRound round = requested;
        flushTables();
        checkpointOffset = ackedNext();
        handled = round;
        if (round != null) {
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
            sent += shard.checkpoint(worker.producer(), now, writeBatch);
        }
        dirtyShards.clear();
        dirty = false;
        worker.countChangelogRecords(sent);
    }

    // ---- the loop ----

    @Override
    public void run() {
        CURRENT.set(this);
        long backoffMillis = 0;
        try {
            while (!stopping) {
                long before = processed;
                try {
                    runBody();
                    if (!stopping) {
                        LOG.warn("{} returned while its partition is still assigned; its events are not processed"
                                + " until the partition is assigned again", describe());
                        return;
                    }
                } catch (Throwable e) {
                    if (stopping) {
                        return;
                    }
                    worker.countAgentError();
                    ConsumedRecord failed = current;
                    LOG.error("{} failed on {}; the event is skipped and the loop starts again", describe(),
                            failed == null ? "no event" : "topic " + failed.topic() + " partition " + failed.partition()
                                    + " offset " + failed.offset(), e);
                    release();
                    backoffMillis = processed == before ? Math.min(Math.max(backoffMillis * 2, 50), 5_000) : 0;
                    if (backoffMillis > 0) {
                        Thread.sleep(backoffMillis);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finish();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runBody() throws Exception {
        ((AgentBody) plan.body()).run(new StreamImpl<>(this, List.of(), List.of()));
    }

    private void finish() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            LOG.error("{} could not checkpoint its table changes while stopping", describe(), e);
        } finally {
            finished = true;
            CommitRound round = requested;
            if (round != null) {
                round.arrive(this);
            }
            CURRENT.remove();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void emit(Object result) throws Exception {
        for (Sink sink : plan.sinks()) {
            sink.accept(result);
        }
        worker.emitted(plan, result);
    }
}
