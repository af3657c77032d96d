package io.faust4j.internal.memory;

import io.faust4j.internal.assign.SubscriptionInfo;
import io.faust4j.spi.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A consumer group of the in-memory broker, with Kafka's eager rebalance protocol: when a member joins
 * or leaves, every member revokes all its partitions, and only when all have done so does each get its
 * new share. Partition {@code p} of every subscribed topic goes to the same member, so co-partitioned
 * topics (a source, its repartition topic, a table's changelog) move together.
 */
final class MemoryGroup {
    private final MemoryBroker broker;
    private final String id;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
    private final Map<MemoryConsumer, Set<String>> members = new LinkedHashMap<>();
    private final Set<MemoryConsumer> revoked = new HashSet<>();
    private final Map<MemoryConsumer, SubscriptionInfo> subscriptions = new HashMap<>();
    private final Set<MemoryConsumer> expelled = new HashSet<>();
    private int generation;
    private Map<MemoryConsumer, MemoryAssignor.Share> assignment;

    MemoryGroup(MemoryBroker broker, String id) {
        this.broker = broker;
        this.id = id;
    }

    String id() {
        return id;
    }

    void join(MemoryConsumer member, Set<String> topics) {
        lock.lock();
        try {
            members.put(member, Set.copyOf(topics));
            bump();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A member as a transactional producer sees it: offsets committed in a transaction are refused once
     * the member has left or was dropped from the group.
     */
    record Membership(MemoryGroup group, MemoryConsumer member, int generation) {
    }

    /** Drops every member, as a session timeout would: each finds out at its next poll. */
    void expelAll() {
        lock.lock();
        try {
            expelled.addAll(members.keySet());
            members.clear();
            bump();
        } finally {
            lock.unlock();
        }
    }

    /** True (once) if {@code member} was dropped from the group since it last asked. */
    boolean takeExpelled(MemoryConsumer member) {
        lock.lock();
        try {
            return expelled.remove(member);
        } finally {
            lock.unlock();
        }
    }

    void leave(MemoryConsumer member) {
        lock.lock();
        try {
            subscriptions.remove(member);
            if (members.remove(member) != null) {
                bump();
            }
        } finally {
            lock.unlock();
        }
    }

    int generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records that {@code member} has revoked everything it held in {@code gen}, with what it told the group
     * (null for a member without faust4j's assignor).
     */
    void revoked(MemoryConsumer member, int gen, SubscriptionInfo subscription) {
        lock.lock();
        try {
            if (gen == generation) {
                revoked.add(member);
                if (subscription == null) {
                    subscriptions.remove(member);
                } else {
                    subscriptions.put(member, subscription);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Starts a new generation, as a member's request for a rebalance does. */
    void rebalance() {
        lock.lock();
        try {
            bump();
        } finally {
            lock.unlock();
        }
    }

    /** The member's share of generation {@code gen}, or null while members still have to revoke. */
    MemoryAssignor.Share assignment(MemoryConsumer member, int gen) {
        lock.lock();
        try {
            if (gen != generation || !revoked.containsAll(members.keySet())) {
                return null;
            }
            if (assignment == null) {
                assignment = assign();
            }
            return assignment.getOrDefault(member, new MemoryAssignor.Share(List.of(), null));
        } finally {
            lock.unlock();
        }
    }

    OptionalLong committed(TopicPartition tp) {
        Long offset = committed.get(tp);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** Commits for a member; nothing is committed (an empty map is returned) when it is no longer a member. */
    Map<TopicPartition, Long> commit(MemoryConsumer member, Map<TopicPartition, Long> offsets) {
        lock.lock();
        try {
            if (!members.containsKey(member)) {
                return Map.of();
            }
            committed.putAll(offsets);
            return Map.copyOf(offsets);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Commits a transaction: runs {@code append} (which stores its records) and commits the offsets, both
     * under the group's lock; fails, and does neither, when the member is no longer in the group (a
     * fenced zombie).
     */
    void commitTransaction(Membership member, Map<TopicPartition, Long> offsets, Runnable append) {
        lock.lock();
        try {
            if (!members.containsKey(member.member())) {
                throw new io.faust4j.TransportException("The transaction was aborted: this worker is no longer a"
                        + " member of group '" + id + "' (it was dropped after a timeout; another member owns its"
                        + " partitions now)");
            }
            append.run();
            committed.putAll(offsets);
        } finally {
            lock.unlock();
        }
    }

    /** Commits offsets that no member owns (tools and test drivers). */
    void commitAdmin(Map<TopicPartition, Long> offsets) {
        committed.putAll(offsets);
    }

    private void bump() {
        generation++;
        revoked.clear();
        assignment = null;
        for (MemoryConsumer member : members.keySet()) {
            member.dataArrived();
        }
    }

    /** faust4j's assignor when every member runs it (as on Kafka), else partition p of every topic together. */
    private Map<MemoryConsumer, MemoryAssignor.Share> assign() {
        List<MemoryConsumer> ordered = new ArrayList<>(members.keySet());
        if (ordered.stream().allMatch(m -> m.assignorContext() != null && subscriptions.containsKey(m))) {
            List<MemoryAssignor.Member> assignees = new ArrayList<>();
            for (MemoryConsumer m : ordered) {
                assignees.add(new MemoryAssignor.Member(m.memberId(), members.get(m), m.assignorContext(),
                        subscriptions.get(m)));
            }
            Map<String, MemoryAssignor.Share> shares = MemoryAssignor.assign(broker, assignees);
            Map<MemoryConsumer, MemoryAssignor.Share> result = new LinkedHashMap<>();
            ordered.forEach(m -> result.put(m, shares.get(m.memberId())));
            return result;
        }
        Map<MemoryConsumer, List<TopicPartition>> result = new LinkedHashMap<>();
        Set<String> allTopics = new TreeSet<>();
        members.values().forEach(allTopics::addAll);
        for (String topic : allTopics) {
            List<MemoryConsumer> subscribers = ordered.stream().filter(m -> members.get(m).contains(topic)).toList();
            int partitions = broker.partitionCount(topic);
            for (int p = 0; p < partitions && !subscribers.isEmpty(); p++) {
                MemoryConsumer owner = subscribers.get(p % subscribers.size());
                result.computeIfAbsent(owner, m -> new ArrayList<>()).add(new TopicPartition(topic, p));
            }
        }
        Map<MemoryConsumer, MemoryAssignor.Share> shares = new LinkedHashMap<>();
        result.forEach((member, partitions) -> shares.put(member, new MemoryAssignor.Share(partitions, null)));
        return shares;
    }
}
