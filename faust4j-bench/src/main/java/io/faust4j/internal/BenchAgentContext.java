package io.faust4j.internal;

import io.faust4j.App;
import io.faust4j.Faust4jException;
import io.faust4j.Topic;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TransportProducer;
import java.lang.reflect.Field;
import java.util.List;

/**
 * Benchmarks only: lets a benchmark thread call tables exactly as an agent's loop does. It lives in the
 * engine's package (a split package, on the class path only) because actors and shards are package-private.
 *
 * <p>It starts a worker for {@code app} (which must declare an agent on {@code topic}, so that the worker
 * is assigned the partitions and opens the table shards), then makes a detached {@link Actor} of partition
 * {@code partition} the current actor of the calling thread. Table calls then go through
 * {@code TableImpl -> TableRuntime.shardForActor -> TableShard} as they would on the actor's virtual thread.
 * The worker's own actor for that partition never writes, so the detached actor owns the shards.
 */
public final class BenchAgentContext implements AutoCloseable {
    private static final ThreadLocal<Actor> CURRENT = currentActorSlot();

    private final WorkerImpl worker;
    private final Actor actor;
    private final int tables;
    private final Committer.Durability durability;
    private long changelogRecords;
    private final TransportProducer countingProducer = new TransportProducer() {
        @Override
        public void send(OutgoingRecord record, SendCallback callback) {
            callback.onComplete(changelogRecords++, null);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private BenchAgentContext(WorkerImpl worker, Actor actor, int tables) {
        this.worker = worker;
        this.actor = actor;
        this.tables = tables;
        this.durability = worker.tables().durability();
    }

    /** Starts a worker for {@code app} and a detached actor consuming {@code partition} of {@code topic}. */
    public static BenchAgentContext start(App app, Topic<?, ?> topic, int partition) {
        WorkerImpl worker = (WorkerImpl) app.start();
        TopicImpl<?, ?> impl = (TopicImpl<?, ?>) topic;
        AgentPlan plan = new AgentPlan("bench-detached", impl, stream -> { }, List.of(), false,
                io.faust4j.AgentOptions.defaults(), impl.name() + "-dlq");
        Actor actor = new Actor(worker, null, plan, new TopicPartition(impl.name(), partition), 0, null);
        return new BenchAgentContext(worker, actor, app.tables().size());
    }

    /** Makes the detached actor the current one on the calling thread (as on an actor's virtual thread). */
    public void enter() {
        CURRENT.set(actor);
    }

    /** Leaves the calling thread without a current actor. */
    public void exit() {
        CURRENT.remove();
    }

    /**
     * What a commit does to the detached actor's tables: every dirty key is encoded, "sent" to a changelog
     * producer that only counts (and acknowledges at once), and written to the store; the write cache is
     * then empty. Returns the number of changelog records.
     */
    public int checkpoint() {
        int sent = 0;
        long now = worker.clock().millis();
        for (int i = 0; i < tables; i++) {
            sent += worker.table(i).shardForActor(actor).checkpoint(countingProducer, now,
                    worker.tables()::nextCheckpoint);
        }
        durability.apply(durability.fence()); // the counting producer acknowledged every send already
        return sent;
    }

    /** Changelog records the checkpoints produced so far. */
    public long changelogRecords() {
        return changelogRecords;
    }

    @Override
    public void close() {
        exit();
        worker.stop();
    }

    @SuppressWarnings("unchecked")
    private static ThreadLocal<Actor> currentActorSlot() {
        try {
            Field field = Actor.class.getDeclaredField("CURRENT");
            field.setAccessible(true);
            return (ThreadLocal<Actor>) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new Faust4jException("Actor.CURRENT is gone: update BenchAgentContext to the engine", e);
        }
    }
}
