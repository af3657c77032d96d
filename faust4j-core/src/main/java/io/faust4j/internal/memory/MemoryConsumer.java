package io.faust4j.internal.memory;

import io.faust4j.TransportException;
import io.faust4j.internal.assign.AssignorContext;
import io.faust4j.internal.assign.Leadership;
import io.faust4j.internal.assign.LocalTasks;
import io.faust4j.internal.assign.SubscriptionInfo;
import io.faust4j.internal.assign.TaskId;
import io.faust4j.spi.ConsumedBatch;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.RebalanceListener;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TransportConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A consumer of the in-memory broker: a group member (subscribe) or a plain reader (assign). Polls
 * return views of the logs, without copying; an idle poll parks until an append, a rebalance or
 * {@link #wakeup()} wakes it.
 */
final class MemoryConsumer implements TransportConsumer {
    private static final java.util.concurrent.atomic.AtomicLong MEMBER_IDS = new java.util.concurrent.atomic.AtomicLong();
    private static final long REBALANCE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final MemoryBroker broker;
    private final MemoryGroup group;
    private final boolean resetToEarliest;
    private final int maxPollRecords;
    private final Map<TopicPartition, Long> positions = new LinkedHashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private final Set<String> listenedTopics = new HashSet<>();
    private RebalanceListener listener;
    private Set<String> subscribed = Set.of();
    private int generation = -1;
    private int revokedGeneration = -1;
    private int rotation;
    private volatile boolean signal;
    private volatile boolean wakeup;
    private volatile Thread waiter;
    private volatile boolean parked;
    private boolean closed;
    private final String memberId = "member-" + MEMBER_IDS.incrementAndGet();
    private final AssignorContext assignorContext;
    private Leadership knownLeader = Leadership.NONE;

    MemoryConsumer(MemoryBroker broker, MemoryGroup group, boolean resetToEarliest, int maxPollRecords) {
        this(broker, group, resetToEarliest, maxPollRecords, null);
    }

    /** A group member that runs faust4j's assignor with {@code assignorContext} (null: the plain model). */
    MemoryConsumer(MemoryBroker broker, MemoryGroup group, boolean resetToEarliest, int maxPollRecords,
                   AssignorContext assignorContext) {
        this.broker = broker;
        this.group = group;
        this.resetToEarliest = resetToEarliest;
        this.maxPollRecords = maxPollRecords;
        this.assignorContext = assignorContext;
    }

    String memberId() {
        return memberId;
    }

    AssignorContext assignorContext() {
        return assignorContext;
    }

    /** What this member tells the group as it revokes: as faust4j's assignor's subscription on Kafka. */
    private SubscriptionInfo subscription() {
        if (assignorContext == null) {
            return null;
        }
        LocalTasks local = assignorContext.localState().localTasks();
        return new SubscriptionInfo(assignorContext.workerId(), assignorContext.webUrl(), local.activeTasks(),
                local.standbyTasks(), local.positions(), knownLeader);
    }

    @Override
    public void enforceRebalance() {
        if (group != null) {
            group.rebalance();
        }
    }

    @Override
    public void subscribe(Collection<String> topics, RebalanceListener rebalanceListener) {
        if (group == null) {
            throw new IllegalStateException("This memory consumer reads assigned partitions; it has no group to join");
        }
        this.listener = rebalanceListener;
        this.subscribed = Set.copyOf(topics);
        for (String topic : topics) {
            listen(broker.requireTopic(topic));
        }
        group.join(this, Set.copyOf(topics));
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        positions.keySet().retainAll(partitions);
        for (TopicPartition tp : partitions) {
            listen(broker.requireTopic(tp.topic()));
            positions.putIfAbsent(tp, resetToEarliest ? 0L : broker.endOffset(tp));
        }
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        if (!positions.containsKey(partition)) {
            throw new IllegalStateException("Cannot seek " + partition + ": it is not assigned to this consumer");
        }
        positions.put(partition, offset);
    }

    @Override
    public List<ConsumedBatch> poll(Duration timeout) {
        ensureOpen();
        waiter = Thread.currentThread();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            signal = false;
            boolean settled = group == null || rebalance();
            if (settled) {
                List<ConsumedBatch> batches = fetch();
                if (!batches.isEmpty()) {
                    return batches;
                }
            }
            if (wakeup) {
                wakeup = false;
                return List.of();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return List.of();
            }
            parked = true;
            if (!signal) {
                LockSupport.parkNanos(this, settled ? remaining : Math.min(remaining, REBALANCE_WAIT_NANOS));
            }
            parked = false;
        }
    }

    /** Runs this member's part of a rebalance; true once it holds its share of the current generation. */
    private boolean rebalance() {
        if (group.takeExpelled(this)) {
            List<TopicPartition> lost = new ArrayList<>(positions.keySet());
            positions.clear();
            paused.clear();
            generation = -1;
            revokedGeneration = -1;
            if (!lost.isEmpty()) {
                listener.onPartitionsLost(lost);
            }
            group.join(this, subscribed);
        }
        int current = group.generation();
        if (current == generation) {
            return true;
        }
        if (revokedGeneration != current) {
            SubscriptionInfo subscription = subscription(); // before revoking: what it runs now (stickiness)
            if (!positions.isEmpty()) {
                List<TopicPartition> revoked = new ArrayList<>(positions.keySet());
                listener.onPartitionsRevoked(revoked); // as in Kafka: still assigned (positions, commits) while revoking
                positions.clear();
                paused.clear();
            }
            revokedGeneration = current;
            group.revoked(this, current, subscription);
        }
        MemoryAssignor.Share assigned = group.assignment(this, current);
        if (assigned == null) {
            return false;
        }
        generation = current;
        List<TopicPartition> share = assigned.partitions();
        if (assigned.info() != null && assignorContext != null) {
            knownLeader = assigned.info().leader();
            Set<TaskId> active = new TreeSet<>();
            share.forEach(tp -> active.add(new TaskId(assignorContext.topology().groupOf(tp.topic()), tp.partition())));
            assignorContext.listener().assigned(active, assigned.info()); // before onPartitionsAssigned, as on Kafka
        }
        for (TopicPartition tp : share) {
            OptionalLong committed = group.committed(tp);
            positions.put(tp, committed.isPresent() ? committed.getAsLong()
                    : resetToEarliest ? 0L : broker.endOffset(tp));
        }
        listener.onPartitionsAssigned(List.copyOf(share));
        return true;
    }

    private List<ConsumedBatch> fetch() {
        if (positions.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<TopicPartition, Long>> entries = new ArrayList<>(positions.entrySet());
        List<ConsumedBatch> batches = new ArrayList<>();
        int budget = maxPollRecords;
        int n = entries.size();
        int start = rotation++ % n;
        for (int i = 0; i < n && budget > 0; i++) {
            Map.Entry<TopicPartition, Long> entry = entries.get((start + i) % n);
            TopicPartition tp = entry.getKey();
            if (paused.contains(tp)) {
                continue;
            }
            List<ConsumedRecord> records = broker.requireTopic(tp.topic()).log(tp.partition()).read(entry.getValue(), budget);
            if (!records.isEmpty()) {
                batches.add(new ConsumedBatch(tp, records));
                positions.put(tp, records.get(0).offset() + records.size());
                budget -= records.size();
            }
        }
        return batches;
    }

    @Override
    public void pause(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            if (positions.containsKey(tp)) {
                paused.add(tp);
            }
        }
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        paused.removeAll(partitions);
    }

    @Override
    public Map<TopicPartition, Long> commit(Map<TopicPartition, Long> offsets) {
        if (group == null) {
            throw new IllegalStateException("This memory consumer has no group to commit offsets to");
        }
        if (broker.faults().refuseCommit()) {
            return Map.of();
        }
        return group.commit(this, offsets);
    }

    @Override
    public Object groupMetadata() {
        if (group == null) {
            throw new IllegalStateException("This memory consumer has no group");
        }
        return new MemoryGroup.Membership(group, this, generation);
    }

    @Override
    public OptionalLong committed(TopicPartition partition) {
        return group == null ? OptionalLong.empty() : group.committed(partition);
    }

    @Override
    public long position(TopicPartition partition) {
        Long position = positions.get(partition);
        if (position == null) {
            throw new IllegalStateException(partition + " is not assigned to this consumer");
        }
        return position;
    }

    @Override
    public long endOffset(TopicPartition partition) {
        return broker.endOffset(partition);
    }

    @Override
    public long beginningOffset(TopicPartition partition) {
        return broker.startOffset(partition);
    }

    @Override
    public void wakeup() {
        wakeup = true;
        dataArrived();
    }

    /** Wakes the polling thread if it is parked; called on every append, so it is cheap when it is not. */
    void dataArrived() {
        signal = true;
        if (parked) {
            Thread thread = waiter;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (group != null) {
            group.leave(this);
        }
        for (String topic : listenedTopics) {
            MemoryTopic t = broker.topic(topic);
            if (t != null) {
                t.removeListener(this);
            }
        }
    }

    private void listen(MemoryTopic topic) {
        if (listenedTopics.add(topic.name())) {
            topic.addListener(this);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new TransportException("This consumer is closed");
        }
    }
}
