package io.faust4j.internal;

import io.faust4j.Faust4jException;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportConsumer;
import io.faust4j.spi.TransportProducer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit protocol of one poll loop, at-least-once or exactly-once behind one interface.
 *
 * <p>A commit runs in steps that never block dispatch: the loop asks every actor to checkpoint (send its
 * table changes) and goes on polling; once they all have (at-least-once: or after {@code commit_interval},
 * taking the last checkpoint of busy actors), it snapshots every actor's committable offset, and only then
 * flushes the producer, on a thread of its own. When the flush has succeeded the snapshot, and nothing
 * newer, is committed. So an event finished during or after the flush is never covered by this commit,
 * even though its sends may not have been flushed. A failed send is sticky: the flush keeps throwing and
 * no later commit happens; the worker stops and says why.
 *
 * <p>Under exactly-once the round is a barrier for sends: after its checkpoint an actor goes on processing
 * but holds what it sends; once all have checkpointed, their checkpoint offsets go into the producer's
 * transaction with everything sent before, the transaction commits, a new one begins, and the held sends
 * go out into it. A failed transaction commit is reported to the loop, which replays its
 * partitions from the last committed offsets with freshly recovered tables.
 */
final class Committer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

    private final WorkerImpl worker;
    private final String name;
    private final Transport transport;
    private final TransportConsumer consumer;
    private final TransportProducer producer;
    private final Set<String> purgeable;
    private final long intervalNanos;
    private final boolean exactlyOnce;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final java.util.concurrent.ExecutorService flusher;
    private CommitRound round;
    private CommitRound aborted;
    private Map<TopicPartition, List<Actor>> roundActors = Map.of();
    private CompletableFuture<Void> flushing;
    private Map<TopicPartition, Long> snapshot = Map.of();
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private final List<CompletableFuture<Void>> riding = new ArrayList<>();
    private long flushStartNanos; // for the commit latency meter

    /** Where the consumer is past the last record handed out: transaction markers and aborted records. */
    interface ReadUpTo {
        /** The offset to commit for {@code tp} given what its actors finished: more only when all was finished. */
        long commitOffset(TopicPartition tp, long finished);
    }

    private final ReadUpTo readUpTo;

    /**
     * Table checkpoints wait for the commit that makes their changelog records durable before they are
     * stored: checkpoints are numbered once their records are sent, so every checkpoint numbered up to
     * the fence read before a flush starts (or a transaction commits) is durable once it has succeeded.
     */
    interface Durability {
        /** Nothing to store: a loop without tables. */
        Durability NONE = new Durability() {
            @Override
            public long fence() {
                return 0;
            }

            @Override
            public void apply(long fence) {
            }
        };

        /** The number of the last checkpoint whose records are sent. */
        long fence();

        /** Stores every checkpoint numbered up to {@code fence}: their records are durable. */
        void apply(long fence);
    }

    private final Durability durability;

    Committer(WorkerImpl worker, String name, Transport transport, TransportConsumer consumer, TransportProducer producer,
              Set<String> purgeable, long intervalNanos, ReadUpTo readUpTo, Durability durability) {
        this.readUpTo = readUpTo;
        this.durability = durability;
        this.worker = worker;
        this.name = name;
        this.transport = transport;
        this.consumer = consumer;
        this.producer = producer;
        this.purgeable = purgeable;
        this.intervalNanos = intervalNanos;
        this.exactlyOnce = producer.transactional();
        this.flusher = java.util.concurrent.Executors.newSingleThreadExecutor(
                task -> Threads.platform("faust4j-flush-" + name, task));
    }

    boolean exactlyOnce() {
        return exactlyOnce;
    }

    /** Adds a request from {@link io.faust4j.Worker#commit()}: completed by the next commit that starts after it. */
    void request(CompletableFuture<Void> future) {
        waiting.add(future);
    }

    boolean hasRequests() {
        return !waiting.isEmpty();
    }

    boolean inProgress() {
        return round != null;
    }

    /**
     * One step of the protocol, called by the poll loop after each poll.
     *
     * @param due whether a new commit should start if none is in progress
     * @return whether a transaction failed (exactly-once): the loop must then replay its partitions
     */
    boolean step(Map<TopicPartition, List<Actor>> actors, boolean due) {
        if (flushing != null) {
            if (!flushing.isDone()) {
                return false;
            }
            return finish();
        }
        if (round == null) {
            if (!due || actors.isEmpty()) {
                if (due) {
                    complete(waitingRequests(), null);
                }
                return false;
            }
            start(actors);
        }
        if (round.complete() || (!exactlyOnce && round.ageNanos() >= intervalNanos)) {
            if (!round.complete()) {
                LOG.debug("Some actors are busy; committing their last checkpoints");
            }
            snapshotAndFlush();
        }
        return false;
    }

    private void start(Map<TopicPartition, List<Actor>> actors) {
        roundActors = Map.copyOf(actors);
        int count = roundActors.values().stream().mapToInt(List::size).sum();
        round = new CommitRound(count, exactlyOnce, consumer::wakeup);
        riding.addAll(waitingRequests());
        roundActors.values().forEach(list -> list.forEach(a -> a.requestCheckpoint(round)));
    }

    private List<CompletableFuture<Void>> waitingRequests() {
        List<CompletableFuture<Void>> taken = new ArrayList<>(waiting);
        waiting.clear();
        return taken;
    }

    /** Takes the snapshot, then flushes (or commits the transaction) on the flusher thread. */
    private void snapshotAndFlush() {
        flushStartNanos = System.nanoTime();
        snapshot = snapshot(roundActors);
        long fence = durability.fence();
        if (exactlyOnce) {
            Object group = consumer.groupMetadata();
            Map<TopicPartition, Long> offsets = snapshot;
            flushing = CompletableFuture.runAsync(() -> {
                producer.commitTransaction(offsets, group);
                durability.apply(fence);
                producer.beginTransaction();
            }, flusher);
        } else {
            flushing = CompletableFuture.runAsync(() -> {
                producer.flush();
                durability.apply(fence);
            }, flusher);
        }
        flushing.whenComplete((ignored, error) -> consumer.wakeup()); // the loop finishes the commit at once
    }

    /** The lowest committable offset of each partition's actors that moved past the last commit. */
    private Map<TopicPartition, Long> snapshot(Map<TopicPartition, List<Actor>> which) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        which.forEach((tp, list) -> {
            long offset = Long.MAX_VALUE;
            for (Actor actor : list) {
                // exactly-once: actors go on after their checkpoint, but what they sent since is held back
                offset = Math.min(offset, exactlyOnce ? actor.checkpointedOffset() : actor.committableOffset());
            }
            if (offset == Long.MAX_VALUE) {
                return;
            }
            offset = readUpTo.commitOffset(tp, offset);
            if (offset > committed.getOrDefault(tp, -1L)) {
                offsets.put(tp, offset);
            }
        });
        return offsets;
    }

    /** The flush (or transaction) is over: commit the snapshot; true if a transaction failed. */
    private boolean finish() {
        CompletableFuture<Void> done = flushing;
        flushing = null;
        CommitRound finished = round;
        round = null;
        List<CompletableFuture<Void>> requests = new ArrayList<>(riding);
        riding.clear();
        try {
            done.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            complete(requests, cause);
            if (exactlyOnce) {
                worker.countAbort();
                LOG.warn("Poll loop '{}': the transaction could not be committed ({}); replaying from the last"
                        + " committed offsets", name, cause.getMessage());
                aborted = finished; // its actors stay at the barrier until the loop has fenced them
                return true;
            }
            finished.open();
            throw failure(cause);
        }
        try {
            if (exactlyOnce) {
                record(snapshot);
            } else {
                commitOffsets(snapshot);
            }
            worker.metrics().commitDone(System.nanoTime() - flushStartNanos);
            complete(requests, null);
        } catch (RuntimeException e) {
            complete(requests, e);
            throw e;
        } finally {
            finished.open();
        }
        return false;
    }

    /**
     * Commits now, blocking, for the given actors (which have stopped): used when partitions are revoked
     * and when the loop stops. Under exactly-once the offsets go into the open transaction, which commits.
     */
    void commitStopped(Map<TopicPartition, List<Actor>> stopped) {
        awaitInFlight();
        if (stopped.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Map<TopicPartition, Long> offsets = snapshot(stopped);
        long fence = durability.fence();
        if (exactlyOnce) {
            producer.commitTransaction(offsets, consumer.groupMetadata());
            durability.apply(fence);
            record(offsets);
            producer.beginTransaction();
        } else {
            producer.flush();
            durability.apply(fence);
            commitOffsets(offsets);
        }
        worker.metrics().commitDone(System.nanoTime() - started);
    }

    /**
     * Exactly-once, cooperative revocation: the actors that keep running checkpoint and wait at a barrier,
     * so the transaction (which holds every actor's sends, since they share one producer) can commit with
     * their offsets and those of the stopping actors. Call {@link #commitAtBarrier} next.
     */
    CommitRound barrier(Map<TopicPartition, List<Actor>> running) {
        awaitInFlight();
        int count = running.values().stream().mapToInt(List::size).sum();
        CommitRound barrier = new CommitRound(count, true, () -> { });
        running.values().forEach(list -> list.forEach(actor -> actor.requestCheckpoint(barrier)));
        return barrier;
    }

    /**
     * Once every running actor has reached {@code barrier} (within {@code timeoutMillis}), commits the
     * transaction with the offsets of the stopped and the running actors and opens the barrier. False if an
     * actor did not arrive in time or the transaction failed: the barrier stays closed until the loop fences
     * its actors ({@link #abandon()}) and replays from the last commit.
     */
    boolean commitAtBarrier(CommitRound barrier, Map<TopicPartition, List<Actor>> stopped,
                            Map<TopicPartition, List<Actor>> running, long timeoutMillis) {
        try {
            if (!barrier.await(timeoutMillis)) {
                LOG.warn("Poll loop '{}': the actors that keep their partitions did not reach a checkpoint within {} ms"
                        + " of a revocation", name, timeoutMillis);
                aborted = barrier;
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            aborted = barrier;
            return false;
        }
        Map<TopicPartition, Long> offsets = snapshot(stopped);
        offsets.putAll(snapshot(running));
        long fence = durability.fence();
        try {
            producer.commitTransaction(offsets, consumer.groupMetadata());
        } catch (RuntimeException e) {
            worker.countAbort();
            LOG.warn("Poll loop '{}': the transaction at a revocation could not be committed ({})", name, e.getMessage());
            aborted = barrier;
            return false;
        }
        durability.apply(fence);
        record(offsets);
        producer.beginTransaction();
        barrier.open();
        return true;
    }

    /**
     * Waits for a flush or transaction already under way to end, without finishing it: the next
     * {@link #step} (or {@link #awaitInFlight()}) records what it covered, or reports its failure.
     */
    void awaitFlush() {
        CompletableFuture<Void> pending = flushing;
        if (pending == null) {
            return;
        }
        try {
            pending.get(worker.stopTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // reported when it is finished
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a flush or transaction already under way to end, and commits what it covered. */
    void awaitInFlight() {
        if (flushing != null) {
            awaitFlush(); // its failure, if any, is reported by finish()
            if (flushing.isDone() && finish()) {
                throw new Faust4jException("The transaction of poll loop '" + name + "' failed while stopping");
            }
        }
        if (round != null) {
            round.open();
            round = null;
        }
    }

    /** Opens the barrier of a round in progress, without committing (its actors are being fenced). */
    void abandon() {
        if (flushing != null) {
            try {
                flushing.get(worker.stopTimeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("Abandoned flush ended with {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flushing = null;
        }
        if (round != null) {
            round.open();
            round = null;
        }
        if (aborted != null) {
            aborted.open();
            aborted = null;
        }
        complete(riding, new Faust4jException("The commit was abandoned: partitions were lost or replayed"));
        riding.clear();
    }

    private void commitOffsets(Map<TopicPartition, Long> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> done = consumer.commit(offsets);
        record(done);
        if (done.size() < offsets.size()) {
            LOG.debug("Poll loop '{}': the transport committed {} of {} offsets", name, done.size(), offsets.size());
        }
    }

    private void record(Map<TopicPartition, Long> done) {
        if (done.isEmpty()) {
            return;
        }
        committed.putAll(done);
        worker.metrics().partitions().committed(done);
        worker.countCommit();
        purge(done);
    }

    /** Repartition records below a committed offset are never read again: let the broker drop them. */
    private void purge(Map<TopicPartition, Long> done) {
        if (purgeable.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> purge = new HashMap<>();
        done.forEach((tp, offset) -> {
            if (purgeable.contains(tp.topic())) {
                purge.put(tp, offset);
            }
        });
        if (!purge.isEmpty()) {
            transport.deleteRecordsBefore(purge);
        }
    }

    /** Forgets what was committed for partitions this loop no longer owns. */
    void forget(Iterable<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
    }

    /** Fails every pending request (the loop is stopping on an error). */
    void failPending(Throwable error) {
        complete(waitingRequests(), error);
        complete(riding, error);
        riding.clear();
    }

    private static void complete(List<CompletableFuture<Void>> futures, Throwable error) {
        for (CompletableFuture<Void> future : futures) {
            if (error == null) {
                future.complete(null);
            } else {
                future.completeExceptionally(error);
            }
        }
    }

    private static RuntimeException failure(Throwable cause) {
        return cause instanceof RuntimeException runtime ? runtime
                : new Faust4jException("Flushing the producer failed: " + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        flusher.shutdownNow();
    }
}
