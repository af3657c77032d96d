package io.faust4j.internal;

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
 * assigned and revoked, and commits.
 *
 * <p>A commit asks every actor to checkpoint (send its table changes), waits for them, flushes the
 * producer, and only then commits, per partition, the lowest offset all its actors have finished.
 */
final class PollLoop implements Runnable, RebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(50);
    private static final long STOP_TIMEOUT_MILLIS = 30_000;

    private final WorkerImpl worker;
    private final String name;
    private final Transport transport;
    private final TransportConsumer consumer;
    private final TransportProducer producer;
    private final Map<String, List<AgentPlan>> plansByTopic;
    private final Set<String> repartitionTopics = new HashSet<>();
    private final boolean ownsTables;
    private final int bufferMax;
    private final long commitIntervalNanos;
    private final long commitEvery;
    private final Map<TopicPartition, List<Actor>> actors = new ConcurrentHashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final ConcurrentLinkedQueue<TopicPartition> resumeRequests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> commitRequests = new ConcurrentLinkedQueue<>();
    private final CountDownLatch firstAssignment = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assignedOnce;
    private volatile Throwable failure;
    private long lastCommitNanos = System.nanoTime();
    private long ackedAtLastCommit;

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
                repartitionTopics.add(plan.topic().name());
            }
        }
        this.plansByTopic = byTopic;
        this.bufferMax = worker.settings().streamBufferMaxsize();
        this.commitIntervalNanos = worker.settings().commitInterval().toNanos();
        this.commitEvery = worker.settings().commitEvery();
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

    /** Asks the loop to commit now; the future completes when it has. */
    CompletableFuture<Void> requestCommit() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!thread.isAlive()) {
            done.complete(null);
            return done;
        }
        commitRequests.add(done);
        consumer.wakeup();
        return done;
    }

    /** Stops the loop: actors finish their current event, offsets are committed, the consumer closes. */
    void shutdown() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(new TreeSet<>(plansByTopic.keySet()), this);
            while (running) {
                drainResumes();
                for (ConsumedBatch batch : consumer.poll(POLL_TIMEOUT)) {
                    dispatch(batch);
                }
                maybeCommit();
            }
        } catch (Throwable e) {
            failure = e;
            LOG.error("Poll loop '{}' failed; the worker stops", name, e);
        } finally {
            try {
                stopActors(new ArrayList<>(actors.keySet()));
            } catch (Throwable e) {
                LOG.error("Poll loop '{}' could not commit while stopping", name, e);
                if (failure == null) {
                    failure = e;
                }
            } finally {
                consumer.close();
                firstAssignment.countDown();
                commitRequests.forEach(f -> f.complete(null));
            }
            if (failure != null) {
                worker.loopFailed(failure);
            }
        }
    }

    private void dispatch(ConsumedBatch batch) {
        TopicPartition tp = batch.partition();
        List<Actor> targets = actors.get(tp);
        if (targets == null) {
            return;
        }
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

    private void maybeCommit() {
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        CompletableFuture<Void> request;
        while ((request = commitRequests.poll()) != null) {
            waiting.add(request);
        }
        long now = System.nanoTime();
        long acked = totalAcked();
        boolean due = !waiting.isEmpty() || now - lastCommitNanos >= commitIntervalNanos
                || acked - ackedAtLastCommit >= commitEvery;
        if (!due) {
            return;
        }
        try {
            commit(actors);
            ackedAtLastCommit = acked;
            lastCommitNanos = System.nanoTime();
            waiting.forEach(f -> f.complete(null));
        } catch (RuntimeException e) {
            waiting.forEach(f -> f.completeExceptionally(e));
            throw e;
        }
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

    /** Checkpoints the given actors, flushes the producer, then commits what they have finished. */
    private void commit(Map<TopicPartition, List<Actor>> which) {
        if (which.isEmpty()) {
            return;
        }
        int count = which.values().stream().mapToInt(List::size).sum();
        CommitRound round = new CommitRound(count);
        which.values().forEach(list -> list.forEach(a -> a.requestCheckpoint(round)));
        try {
            if (!round.await(Math.max(1, commitIntervalNanos / 1_000_000))) {
                LOG.debug("Some actors are busy; committing their last checkpoints");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        commitCheckpoints(which);
    }

    /** Flushes the producer, then commits the checkpointed offsets that moved forward. */
    private void commitCheckpoints(Map<TopicPartition, List<Actor>> which) {
        producer.flush();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        which.forEach((tp, list) -> {
            long offset = list.stream().mapToLong(Actor::committableOffset).min().orElse(-1);
            if (offset > committed.getOrDefault(tp, -1L)) {
                offsets.put(tp, offset);
            }
        });
        if (!offsets.isEmpty()) {
            consumer.commit(offsets);
            committed.putAll(offsets);
            worker.countCommit();
            purgeRepartitions(offsets);
        }
    }

    /** Repartition records below a committed offset are never read again: let the broker drop them. */
    private void purgeRepartitions(Map<TopicPartition, Long> offsets) {
        if (repartitionTopics.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> purge = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (repartitionTopics.contains(tp.topic())) {
                purge.put(tp, offset);
            }
        });
        if (!purge.isEmpty()) {
            transport.deleteRecordsBefore(purge);
        }
    }

    private void stopActors(Collection<TopicPartition> tps) throws InterruptedException {
        Map<TopicPartition, List<Actor>> stopping = new HashMap<>();
        for (TopicPartition tp : tps) {
            List<Actor> list = actors.get(tp);
            if (list != null) {
                stopping.put(tp, list);
                list.forEach(Actor::stop);
            }
        }
        for (List<Actor> list : stopping.values()) {
            for (Actor actor : list) {
                if (!actor.join(STOP_TIMEOUT_MILLIS)) {
                    LOG.warn("{} did not finish its current event within {} ms; interrupting it", actor.describe(),
                            STOP_TIMEOUT_MILLIS);
                    actor.interrupt();
                    actor.join(5_000);
                }
            }
        }
        commitCheckpoints(stopping);
        for (TopicPartition tp : stopping.keySet()) {
            actors.remove(tp).forEach(worker::retire);
            paused.remove(tp);
            committed.remove(tp);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        LOG.info("Worker {}: partitions revoked: {}", worker.clientId(), new TreeSet<>(partitions));
        try {
            stopActors(partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsTables) {
            worker.suspendTables();
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        LOG.info("Worker {}: partitions assigned: {}", worker.clientId(), new TreeSet<>(partitions));
        if (ownsTables) {
            Set<Integer> numbers = new TreeSet<>();
            partitions.forEach(tp -> numbers.add(tp.partition()));
            worker.prepareTables(numbers);
        }
        List<Actor> started = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            List<AgentPlan> plans = plansByTopic.getOrDefault(tp.topic(), List.of());
            long position = consumer.position(tp);
            List<Actor> list = new ArrayList<>();
            for (AgentPlan plan : plans) {
                list.add(new Actor(worker, this, plan, tp, position));
            }
            if (!list.isEmpty()) {
                actors.put(tp, List.copyOf(list));
                started.addAll(list);
            }
        }
        started.forEach(Actor::start);
        assignedOnce = true;
        firstAssignment.countDown();
    }

    /** True once assigned and every actor has finished every record up to its partition's end. */
    boolean isIdle() {
        if (!assignedOnce) {
            return false;
        }
        Map<TopicPartition, Long> acked = new HashMap<>();
        actors.forEach((tp, list) -> acked.put(tp, list.stream().mapToLong(Actor::ackedNext).min().orElse(0)));
        producer.flush(); // what the finished events sent must be in the end offsets read next
        Map<TopicPartition, Long> ends = transport.endOffsets(acked.keySet());
        for (Map.Entry<TopicPartition, Long> entry : acked.entrySet()) {
            if (entry.getValue() < ends.getOrDefault(entry.getKey(), 0L)) {
                return false;
            }
        }
        return true;
    }

    /** The actors currently running, for stats. */
    Collection<List<Actor>> actors() {
        return actors.values();
    }
}
