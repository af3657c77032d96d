package io.faust4j.internal;

import io.faust4j.Faust4jException;
import io.faust4j.spi.ConsumedBatch;
import io.faust4j.spi.RebalanceListener;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportConsumer;
import io.faust4j.spi.TransportProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one consumer on one platform thread: polls batches and hands them to the actors of their
 * partitions, pauses partitions whose actors fall behind, starts and stops actors as partitions are
 * assigned, revoked or lost, and drives the {@link Committer}. Nothing it does waits on an actor or on
 * table recovery: recovery runs on a thread of its own while the new partitions stay paused.
 */
final class PollLoop implements Runnable, RebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(50);

    private final WorkerImpl worker;
    private final String name;
    private final Transport transport;
    private final TransportConsumer consumer;
    private final TransportProducer producer;
    private final Committer committer;
    private final Map<String, List<AgentPlan>> plansByTopic;
    private final Set<String> internalTopics = new HashSet<>();
    private final boolean ownsTables;
    private final int bufferMax;
    private final long commitIntervalNanos;
    private final long commitEvery;
    private final Map<TopicPartition, List<Actor>> actors = new ConcurrentHashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private final ConcurrentLinkedQueue<TopicPartition> resumeRequests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> commitRequests = new ConcurrentLinkedQueue<>();
    private final CountDownLatch firstAssignment = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assignedOnce;
    private volatile Throwable failure;
    private Restorer restoring;
    private final Set<TopicPartition> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long probeAtNanos;
    private volatile boolean rebalancing;
    private final Map<TopicPartition, Long> dispatchedNext = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Map<TopicPartition, Long>> positionsRequest;
    private long lastCommitNanos = System.nanoTime();
    private long lastAliveNanos = System.nanoTime();
    private long ackedAtLastCommit;
    private final Map<String, java.util.concurrent.atomic.LongAdder> received = new HashMap<>(); // poll thread only

    PollLoop(WorkerImpl worker, String name, Transport transport, TransportConsumer consumer, TransportProducer producer,
             List<AgentPlan> plans, boolean ownsTables) {
        this.worker = worker;
        this.name = name;
        this.transport = transport;
        this.consumer = consumer;
        this.producer = producer;
        this.ownsTables = ownsTables;
        Map<String, List<AgentPlan>> byTopic = new HashMap<>();
        for (AgentPlan plan : plans) {
            byTopic.computeIfAbsent(plan.topic().name(), t -> new ArrayList<>()).add(plan);
            if (plan.topic().isInternal()) {
                internalTopics.add(plan.topic().name());
            }
        }
        this.plansByTopic = byTopic;
        this.bufferMax = worker.settings().streamBufferMaxsize();
        this.commitIntervalNanos = worker.settings().commitInterval().toNanos();
        this.commitEvery = worker.settings().commitEvery();
        // a channel's records are private to this worker: once committed past, nothing reads them again
        Set<String> purgeable = ownsTables ? Set.copyOf(internalTopics) : Set.copyOf(plansByTopic.keySet());
        this.committer = new Committer(worker, name, transport, consumer, producer, purgeable, commitIntervalNanos,
                this::commitOffset, ownsTables ? worker.tables().durability() : Committer.Durability.NONE);
        this.thread = Threads.platform("faust4j-poll-" + name, this);
    }

    void start() {
        thread.start();
    }

    /** Waits for the first assignment (and table recovery); false on timeout. */
    boolean awaitAssignment(long millis) throws InterruptedException {
        return firstAssignment.await(millis, TimeUnit.MILLISECONDS);
    }

    Throwable failure() {
        return failure;
    }

    int resumeThreshold() {
        return bufferMax / 2;
    }

    void requestResume(TopicPartition tp) {
        resumeRequests.add(tp);
        consumer.wakeup();
    }

    /** Asks the loop to commit now; the future completes when it has (or fails with the reason it could not). */
    CompletableFuture<Void> requestCommit() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Throwable failed = failure;
        if (failed != null) {
            done.completeExceptionally(failed);
            return done;
        }
        if (!thread.isAlive() && !running) {
            done.completeExceptionally(new io.faust4j.Faust4jException("Worker " + worker.clientId() + " is stopped"));
            return done;
        }
        commitRequests.add(done);
        consumer.wakeup();
        return done;
    }

    /** Asks the loop to stop: actors finish their current event, offsets are committed, the consumer closes. */
    void requestStop() {
        running = false;
        consumer.wakeup();
    }

    /** Waits for the loop's thread to end, up to {@code millis}; false if it is still running. */
    boolean join(long millis) throws InterruptedException {
        return thread.join(Duration.ofMillis(Math.max(1, millis)));
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(new TreeSet<>(plansByTopic.keySet()), worker.metrics().partitions().listener(this));
            while (running) {
                probeIfDue();
                checkNotFrozen();
                drainResumes();
                List<ConsumedBatch> batches = consumer.poll(POLL_TIMEOUT);
                if (checkNotFrozen()) {
                    continue; // frozen inside the poll: what it fetched is from before the replay's seek
                }
                for (ConsumedBatch batch : batches) {
                    dispatch(batch);
                }
                checkRestore();
                if (checkNotFrozen()) {
                    continue; // frozen while dispatching: no commit round may start on pre-freeze state
                }
                stepCommit();
                answerPositions();
            }
        } catch (Throwable e) {
            failure = e;
            LOG.error("Poll loop '{}' failed; the worker stops", name, e);
            worker.fail(e);
        } finally {
            shutDown();
        }
    }

    private void shutDown() {
        try {
            cancelRestore();
            if (failure != null || producer.failure().isPresent()) {
                // nothing may be committed past a failed send or after a fatal error: stop without committing
                fenceAll(new ArrayList<>(actors.keySet()));
                committer.abandon();
            } else {
                stopActors(new ArrayList<>(actors.keySet()));
            }
        } catch (Throwable e) {
            LOG.error("Poll loop '{}' could not commit while stopping", name, e);
            if (failure == null) {
                failure = e;
                worker.fail(e);
            }
        } finally {
            Throwable reason = failure != null ? failure
                    : new io.faust4j.Faust4jException("Worker " + worker.clientId() + " stopped before the commit");
            committer.failPending(reason);
            CompletableFuture<Void> request;
            while ((request = commitRequests.poll()) != null) {
                if (failure == null) {
                    request.complete(null);
                } else {
                    request.completeExceptionally(failure);
                }
            }
            committer.close();
            consumer.close();
            firstAssignment.countDown();
        }
    }

    private void dispatch(ConsumedBatch batch) {
        TopicPartition tp = batch.partition();
        List<io.faust4j.spi.ConsumedRecord> records = batch.records();
        java.util.concurrent.atomic.LongAdder from = received.get(tp.topic());
        if (from == null) {
            from = worker.metrics().received(tp.topic());
            received.put(tp.topic(), from);
        }
        from.add(records.size());
        List<Actor> targets = actors.get(tp);
        if (targets == null) {
            return;
        }
        dispatchedNext.put(tp, records.get(records.size() - 1).offset() + 1);
        boolean full = false;
        for (Actor actor : targets) {
            full |= actor.enqueue(batch.records()) > bufferMax;
        }
        if (full && paused.add(tp)) {
            targets.forEach(Actor::markPaused);
            consumer.pause(List.of(tp));
            // an actor may have drained its queue before it was marked paused, and so not asked to resume
            if (targets.stream().allMatch(a -> a.queued() <= resumeThreshold())) {
                resumeRequests.add(tp);
            }
        }
    }

    private void drainResumes() {
        TopicPartition tp;
        while ((tp = resumeRequests.poll()) != null) {
            List<Actor> targets = actors.get(tp);
            if (!paused.contains(tp) || targets == null) {
                continue;
            }
            boolean drained = targets.stream().allMatch(a -> a.queued() <= resumeThreshold());
            if (drained) {
                paused.remove(tp);
                consumer.resume(List.of(tp));
            }
        }
    }

    private void stepCommit() {
        CompletableFuture<Void> request;
        while ((request = commitRequests.poll()) != null) {
            committer.request(request);
        }
        long now = System.nanoTime();
        long acked = totalAcked();
        boolean due = committer.hasRequests() || now - lastCommitNanos >= commitIntervalNanos
                || acked - ackedAtLastCommit >= commitEvery;
        boolean wasInProgress = committer.inProgress();
        if (due && !wasInProgress) {
            ackedAtLastCommit = acked;
            lastCommitNanos = now;
        }
        // partitions being recovered have no actors yet; the running ones (a cooperative rebalance kept
        // them) go on committing meanwhile; except under exactly-once while the group rebalances: a
        // transaction's offsets carry the group's generation, which the rebalance is about to change
        if (committer.exactlyOnce() && rebalancing) {
            return;
        }
        if (committer.step(actors, due)) {
            replay();
        }
    }

    /**
     * The offset to commit for a partition whose actors finished everything below {@code finished}: when
     * that is everything handed out, the consumer's position, which may be further on past transaction
     * markers and aborted records that are never handed out (else a partition written by transactions
     * would never look fully committed). Called on the poll thread.
     */
    private long commitOffset(TopicPartition tp, long finished) {
        Long dispatched = dispatchedNext.get(tp);
        if (dispatched != null && finished < dispatched) {
            return finished;
        }
        return Math.max(finished, consumer.position(tp));
    }

    /** Finished events of the app's own topics (repartitioned copies are not counted twice). */
    private long totalAcked() {
        long sum = 0;
        for (List<Actor> list : actors.values()) {
            for (Actor actor : list) {
                if (!actor.plan().topic().isInternal()) {
                    sum += actor.ackedNext();
                }
            }
        }
        return sum;
    }

    // ---- stopping actors ----

    /** Stops the actors of these partitions against one deadline, commits what they finished, and drops them. */
    private void stopActors(Collection<TopicPartition> tps) {
        Map<TopicPartition, List<Actor>> stopping = take(tps);
        if (stopping.isEmpty()) {
            committer.awaitInFlight();
            return;
        }
        committer.awaitInFlight();
        stopping.values().forEach(list -> list.forEach(Actor::stop));
        awaitStopped(stopping);
        committer.commitStopped(stopping);
        retire(stopping);
    }

    /**
     * Exactly-once under the cooperative protocol: some partitions go while others stay. Every actor shares
     * the worker's transaction, so the revoked actors stop while the others pause at a checkpoint, and one
     * transaction commits everything with every partition's offset; then the others go on (a pause as short
     * as any exactly-once commit). False if that failed: the caller replays from the last commit.
     */
    private boolean stopUnderOneTransaction(Collection<TopicPartition> revoked) {
        Map<TopicPartition, List<Actor>> stopping = take(revoked);
        Map<TopicPartition, List<Actor>> running = new HashMap<>(actors);
        running.keySet().removeAll(revoked);
        CommitRound barrier;
        try {
            barrier = committer.barrier(running);
        } catch (Faust4jException e) { // the transaction under way failed: replay, as after any failed one
            LOG.warn("Worker {}: {}", worker.clientId(), e.getMessage());
            return false;
        }
        stopping.values().forEach(list -> list.forEach(Actor::stop));
        awaitStopped(stopping);
        if (!committer.commitAtBarrier(barrier, stopping, running, worker.stopTimeoutMillis())) {
            return false;
        }
        retire(stopping);
        return true;
    }

    /** Fences the actors of these partitions and drops them without committing anything. */
    private void fenceAll(Collection<TopicPartition> tps) {
        Map<TopicPartition, List<Actor>> fencing = take(tps);
        fencing.values().forEach(list -> list.forEach(Actor::fence));
        committer.abandon();
        awaitStopped(fencing);
        retire(fencing);
    }

    private Map<TopicPartition, List<Actor>> take(Collection<TopicPartition> tps) {
        Map<TopicPartition, List<Actor>> taken = new HashMap<>();
        for (TopicPartition tp : tps) {
            List<Actor> list = actors.get(tp);
            if (list != null) {
                taken.put(tp, list);
            }
        }
        return taken;
    }

    /** Waits for the actors until one shared deadline; those still running then are fenced and left behind. */
    private void awaitStopped(Map<TopicPartition, List<Actor>> which) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(worker.stopTimeoutMillis());
        for (List<Actor> list : which.values()) {
            for (Actor actor : list) {
                try {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (!actor.join(left)) {
                        LOG.warn("{} did not finish its current event within {} ms; fencing it: nothing it writes or"
                                + " sends from now on is kept, and its event is processed again", actor.describe(),
                                worker.stopTimeoutMillis());
                        actor.fence();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    actor.fence();
                }
            }
        }
    }

    private void retire(Map<TopicPartition, List<Actor>> which) {
        for (TopicPartition tp : which.keySet()) {
            actors.remove(tp).forEach(worker::retire);
            paused.remove(tp);
            dispatchedNext.remove(tp);
        }
        committer.forget(which.keySet());
        worker.metrics().partitions().partitionsStopped(this, which.keySet());
    }

    // ---- rebalances ----

    /**
     * These partitions go (all of them under the eager protocol; only those that move under the cooperative
     * one): their actors stop, finish and commit; a recovery under way goes on for the partitions that stay.
     */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        LOG.info("Worker {}: partitions revoked: {}", worker.clientId(), new TreeSet<>(partitions));
        boolean othersStay = !actors.keySet().stream().allMatch(partitions::contains);
        if (committer.exactlyOnce() && othersStay && !stopUnderOneTransaction(partitions)) {
            replayFromCommitted("the transaction at a revocation could not be committed", partitions);
            return;
        }
        List<TopicPartition> stillRecovering = interruptRestore(partitions);
        stopActors(partitions); // none left to stop after stopUnderOneTransaction
        owned.removeAll(partitions);
        if (ownsTables) {
            worker.tables().suspend(numbers(partitions));
        }
        resumeRestore(stillRecovering);
        resetCommitBookkeeping();
        lastAliveNanos = System.nanoTime();
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        rebalancing = false;
        LOG.warn("Worker {}: partitions lost (this worker was dropped from its group): {}; their unfinished work and"
                + " uncommitted table changes are dropped, and the members that own them now replay it",
                worker.clientId(), new TreeSet<>(partitions));
        List<TopicPartition> stillRecovering = interruptRestore(partitions);
        fenceAll(partitions);
        owned.removeAll(partitions);
        if (ownsTables) {
            worker.tables().drop(partitions);
        }
        committer.forget(partitions);
        resumeRestore(stillRecovering);
        resetCommitBookkeeping();
        lastAliveNanos = System.nanoTime();
    }

    /**
     * These partitions are added: all of this loop's partitions under the eager protocol, only the new ones
     * under the cooperative one (the others' actors keep running). Their table shards are recovered, together
     * with any recovery under way, before their actors start.
     */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        LOG.info("Worker {}: partitions assigned: {}", worker.clientId(), new TreeSet<>(partitions));
        rebalancing = false;
        owned.addAll(partitions);
        for (TopicPartition tp : partitions) {
            startInternalTopicsAtEarliest(tp);
        }
        resetCommitBookkeeping();
        if (!ownsTables) {
            startActors(partitions);
            return;
        }
        List<TopicPartition> starting = new ArrayList<>(interruptRestore(List.of()));
        partitions.stream().filter(tp -> !starting.contains(tp)).forEach(starting::add);
        recoverThenStart(starting);
    }

    /** Opens the shards of {@code starting}, recovers them on the restorer's thread, then starts their actors. */
    private void recoverThenStart(List<TopicPartition> starting) {
        Recovery.Plan plan = worker.tables().prepare(numbers(starting), numbers(owned),
                worker.standbyPartitions());
        if (plan.isEmpty()) {
            startActors(starting);
            return;
        }
        consumer.pause(starting);
        restoring = new Restorer(plan, List.copyOf(starting), name, transport, worker.clientId(), consumer::wakeup,
                worker.metrics().recovery());
        restoring.start();
    }

    /**
     * Stops a recovery under way (each shard keeps what it applied, with its offset) and returns its
     * partitions other than {@code leaving}, which are still paused and must be recovered again.
     */
    private List<TopicPartition> interruptRestore(Collection<TopicPartition> leaving) {
        Restorer restorer = restoring;
        if (restorer == null) {
            return List.of();
        }
        cancelRestore();
        return restorer.partitions().stream().filter(tp -> !leaving.contains(tp)).toList();
    }

    private void resumeRestore(List<TopicPartition> partitions) {
        if (!partitions.isEmpty() && ownsTables) {
            recoverThenStart(partitions);
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new TreeSet<>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        return numbers;
    }

    /**
     * The group is about to rebalance (this worker is joining it again; called on the poll thread as the
     * assignor builds its subscription). Under exactly-once a transaction under way finishes now, in the
     * generation it started in, and no other starts until the rebalance is over ({@link #onPartitionsAssigned}).
     */
    void rebalanceStarting() {
        rebalancing = true;
        committer.awaitFlush();
    }

    /** Asks for a rebalance in {@code delayNanos} (the assignor's leader, while workers warm up copies). */
    void requestProbe(long delayNanos) {
        probeAtNanos = System.nanoTime() + delayNanos;
    }

    private void probeIfDue() {
        long at = probeAtNanos;
        if (at != 0 && System.nanoTime() - at >= 0) {
            probeAtNanos = 0;
            LOG.info("Worker {}: rebalancing to hand over the partitions whose copies have caught up", worker.clientId());
            consumer.enforceRebalance();
        }
    }

    /** The partitions this loop's consumer owns now (read by the assignor on the polling thread). */
    Set<TopicPartition> owned() {
        return Set.copyOf(owned);
    }

    /** Internal topics are read from their start when the group has no offset, whatever the reset setting. */
    private void startInternalTopicsAtEarliest(TopicPartition tp) {
        if (!internalTopics.contains(tp.topic())) {
            return;
        }
        OptionalLong committed = consumer.committed(tp);
        if (committed.isEmpty()) {
            consumer.seek(tp, consumer.beginningOffset(tp));
        }
    }

    private void startActors(Collection<TopicPartition> partitions) {
        List<Actor> started = new ArrayList<>();
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : partitions) {
            List<AgentPlan> plans = plansByTopic.getOrDefault(tp.topic(), List.of());
            long position = consumer.position(tp);
            positions.put(tp, position);
            List<Actor> list = new ArrayList<>();
            for (AgentPlan plan : plans) {
                list.add(new Actor(worker, this, plan, tp, position, producer));
            }
            if (!list.isEmpty()) {
                actors.put(tp, List.copyOf(list));
                started.addAll(list);
            }
        }
        started.forEach(Actor::start);
        worker.metrics().partitions().partitionsStarted(this, transport, positions);
        if (ownsTables) {
            worker.tables().ready(partitions);
        }
        assignedOnce = true;
        firstAssignment.countDown();
    }

    /** Starts the actors of partitions whose tables are recovered; a failed recovery stops the loop. */
    private void checkRestore() {
        Restorer restorer = restoring;
        if (restorer == null || !restorer.done()) {
            return;
        }
        restoring = null;
        if (restorer.error() != null) {
            throw new io.faust4j.TransportException("Table recovery failed: " + restorer.error().getMessage(),
                    restorer.error());
        }
        worker.countRecovered(restorer.applied(), restorer.nanos());
        consumer.resume(restorer.partitions());
        startActors(restorer.partitions());
    }

    private void cancelRestore() {
        Restorer restorer = restoring;
        if (restorer != null) {
            restorer.cancel();
            restoring = null;
        }
    }

    /**
     * Exactly-once: a transaction failed, so the records it sent are discarded and the tables may hold its
     * changes. Every partition is replayed from its last committed offset.
     */
    private void replay() {
        replayFromCommitted("a transaction could not be committed", List.of());
    }

    /**
     * A loop that did not run for longer than the group's session timeout (a long GC pause, a stalled VM, a
     * frozen process) may have lost its partitions without knowing it yet: until the group says so, its
     * actors must not write. They are fenced, their uncommitted table changes dropped, and the partitions
     * replayed from their last commit; if the group did take them, the next poll says so and nothing of
     * theirs was written meanwhile. Checked before and after every poll and before every commit step; true
     * if it replayed. (Records already handed to the producer before the freeze still go out when the process
     * resumes: under at-least-once nothing on the client can recall them; exactly-once aborts them.)
     */
    private boolean checkNotFrozen() {
        long now = System.nanoTime();
        long gap = now - lastAliveNanos;
        lastAliveNanos = now;
        if (gap > worker.frozenAfterNanos() && !actors.isEmpty()) {
            replayFromCommitted("this worker did not run for " + TimeUnit.NANOSECONDS.toMillis(gap)
                    + " ms, longer than broker_session_timeout, so the group may have given its partitions to others",
                    List.of());
            return true;
        }
        return false;
    }

    /**
     * Fences every actor, drops the table shards with their uncommitted changes, seeks every partition back
     * to its last committed offset and recovers the tables from the committed changelog before processing again;
     * except the partitions {@code leaving} (being revoked), which are only dropped.
     */
    private void replayFromCommitted(String why, Collection<TopicPartition> leaving) {
        List<TopicPartition> partitions = new ArrayList<>(actors.keySet());
        interruptRestore(List.of()).stream().filter(tp -> !partitions.contains(tp)).forEach(partitions::add);
        owned.removeAll(leaving);
        LOG.warn("Worker {}: {}; replaying {} from their last committed offsets", worker.clientId(), why,
                new TreeSet<>(partitions));
        fenceAll(partitions);
        if (producer.transactional()) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException e) {
                LOG.debug("Abort after a failed commit: {}", e.toString());
            }
            producer.beginTransaction();
        }
        if (ownsTables) {
            worker.tables().drop(partitions);
        }
        committer.forget(partitions);
        partitions.removeAll(leaving);
        for (TopicPartition tp : partitions) {
            OptionalLong committed = consumer.committed(tp);
            consumer.seek(tp, committed.isPresent() ? committed.getAsLong() : consumer.beginningOffset(tp));
        }
        onPartitionsAssigned(partitions);
        lastAliveNanos = System.nanoTime();
    }

    private void resetCommitBookkeeping() {
        ackedAtLastCommit = totalAcked();
        lastCommitNanos = System.nanoTime();
    }

    /**
     * True once assigned, the consumer has read every partition to its end, and every actor has finished
     * everything handed to it, or waits for a stepped (manual) clock to close a take window it has not
     * reached: then only a move of the clock can make progress. The consumer's position, not the last record's
     * offset, is compared with the end: under exactly-once a partition ends with transaction markers, which
     * the consumer skips.
     */
    boolean isIdle() {
        if (!assignedOnce || restoring != null) {
            return false;
        }
        if (!producer.transactional()) {
            producer.flush(); // what the finished events sent must be in the end offsets read next
        }
        Map<TopicPartition, Long> positions = positions();
        if (positions == null || !positions.keySet().equals(actors.keySet())) {
            return false;
        }
        Map<TopicPartition, Long> ends = transport.endOffsets(positions.keySet());
        for (Map.Entry<TopicPartition, List<Actor>> entry : actors.entrySet()) {
            TopicPartition tp = entry.getKey();
            if (positions.get(tp) < ends.getOrDefault(tp, 0L)) {
                return false;
            }
            long dispatched = dispatchedNext.getOrDefault(tp, 0L);
            for (Actor actor : entry.getValue()) {
                if (actor.queued() > 0 || actor.tickPending() || actor.ackedNext() < dispatched && !actor.waitsForClock()) {
                    return false; // unfinished, unless it waits for a manual clock to close its take window
                }
            }
        }
        return true;
    }

    /** The actors whose loops wait for a manual clock to reach a deadline (a take window), described. */
    List<String> clockWaits() {
        List<String> waits = new ArrayList<>();
        for (List<Actor> list : actors.values()) {
            for (Actor actor : list) {
                long deadline = actor.clockDeadline();
                if (deadline != Actor.NO_DEADLINE && actor.waitsForClock()) {
                    waits.add(actor.describe() + " waits for its take() window to close at "
                            + java.time.Instant.ofEpochMilli(deadline));
                }
            }
        }
        return waits;
    }

    /** The consumer's position in every partition with actors, read on the poll thread; null if it did not answer. */
    private Map<TopicPartition, Long> positions() {
        CompletableFuture<Map<TopicPartition, Long>> request = new CompletableFuture<>();
        positionsRequest = request;
        consumer.wakeup();
        try {
            return request.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void answerPositions() {
        CompletableFuture<Map<TopicPartition, Long>> request = positionsRequest;
        if (request == null) {
            return;
        }
        positionsRequest = null;
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : actors.keySet()) {
            positions.put(tp, consumer.position(tp));
        }
        request.complete(positions);
    }

    /**
     * The next offset of {@code tp} this loop hands to its actors (read by meters on any thread): after the
     * last record dispatched, else where the actors started; NaN when the loop does not run the partition.
     */
    double readOffset(TopicPartition tp) {
        Long dispatched = dispatchedNext.get(tp);
        if (dispatched != null) {
            return dispatched;
        }
        List<Actor> list = actors.get(tp);
        return list == null || list.isEmpty() ? Double.NaN : list.get(0).ackedNext(); // nothing handed out yet: where they start
    }

    /** The actors currently running, for stats. */
    Collection<List<Actor>> actors() {
        return actors.values();
    }
}
