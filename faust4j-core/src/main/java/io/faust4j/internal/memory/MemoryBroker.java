package io.faust4j.internal.memory;

import io.faust4j.Header;
import io.faust4j.TransportException;
import io.faust4j.spi.ConsumedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TopicSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process broker: partitioned topics, consumer groups and their committed offsets. Brokers are
 * named ({@code memory://name}; {@code memory://} is the broker named {@code default}) and live as long
 * as the JVM, so a worker started again on the same name finds its topics, offsets and changelogs.
 */
public final class MemoryBroker {
    private static final Map<String, MemoryBroker> BROKERS = new ConcurrentHashMap<>();

    private final String name;
    private final Map<String, MemoryTopic> topics = new ConcurrentHashMap<>();
    private final Map<String, MemoryGroup> groups = new ConcurrentHashMap<>();
    private final MemoryFaults faults = new MemoryFaults(this);

    private MemoryBroker(String name) {
        this.name = name;
    }

    /** The broker of this name, created on first use. */
    public static MemoryBroker named(String name) {
        return BROKERS.computeIfAbsent(name, MemoryBroker::new);
    }

    /** A fresh broker that is not in the registry (for a worker's private channels). */
    public static MemoryBroker isolated(String name) {
        return new MemoryBroker(name);
    }

    /** Forgets the broker of this name and everything in it. */
    public static void discard(String name) {
        BROKERS.remove(name);
    }

    /** The broker name. */
    public String name() {
        return name;
    }

    /** Creates a topic; fails if it exists. */
    public void createTopic(TopicSpec spec) {
        if (spec.partitions() < 1) {
            throw new TransportException("Cannot create topic '" + spec.name() + "' with " + spec.partitions()
                    + " partitions: a topic needs at least 1");
        }
        MemoryTopic previous = topics.putIfAbsent(spec.name(), new MemoryTopic(spec.name(), spec.partitions()));
        if (previous != null) {
            throw new TransportException("Topic '" + spec.name() + "' already exists on memory://" + name);
        }
    }

    /** The partition count of a topic, or -1 when it does not exist. */
    public int partitionCount(String topic) {
        MemoryTopic t = topics.get(topic);
        return t == null ? -1 : t.partitionCount();
    }

    /** The end offset of a partition (0 for a missing topic). */
    public long endOffset(TopicPartition tp) {
        MemoryTopic t = topics.get(tp.topic());
        return t == null || tp.partition() >= t.partitionCount() ? 0 : t.log(tp.partition()).endOffset();
    }

    /** Every record of a partition from {@code from} on, in offset order (for test drivers and tools). */
    public List<ConsumedRecord> read(TopicPartition tp, long from) {
        MemoryLog log = requireTopic(tp.topic()).log(tp.partition());
        List<ConsumedRecord> out = new ArrayList<>();
        long position = from;
        while (true) {
            List<ConsumedRecord> slice = log.read(position, Integer.MAX_VALUE);
            if (slice.isEmpty()) {
                return out;
            }
            out.addAll(slice);
            position = slice.get(0).offset() + slice.size();
        }
    }

    /** Appends one record (for test drivers and tools); returns its offset. */
    public long append(TopicPartition tp, byte[] key, byte[] value, long timestamp, List<Header> headers) {
        MemoryTopic topic = requireTopic(tp.topic());
        long offset = topic.log(tp.partition()).append(key, value, timestamp, headers);
        topic.notifyAppended();
        return offset;
    }

    /** Forgets the records of a partition below {@code offset} (whole chunks at a time). */
    public void deleteRecordsBefore(TopicPartition tp, long offset) {
        MemoryTopic topic = topics.get(tp.topic());
        if (topic != null && tp.partition() < topic.partitionCount()) {
            topic.log(tp.partition()).deleteBefore(offset);
        }
    }

    /** The offset of the oldest record still held in a partition. */
    public long startOffset(TopicPartition tp) {
        MemoryTopic topic = topics.get(tp.topic());
        return topic == null || tp.partition() >= topic.partitionCount() ? 0 : topic.log(tp.partition()).startOffset();
    }

    /** The offset group {@code groupId} committed for a partition, if any. */
    public OptionalLong committed(String groupId, TopicPartition tp) {
        return group(groupId).committed(tp);
    }

    /** The faults injected into this broker (none until a test sets some). */
    public MemoryFaults faults() {
        return faults;
    }

    void commitTransaction(MemoryGroup.Membership member, Map<TopicPartition, Long> offsets, Runnable append) {
        member.group().commitTransaction(member, offsets, append);
    }

    /** The names of the topics on this broker. */
    public Set<String> topicNames() {
        return Set.copyOf(topics.keySet());
    }

    MemoryTopic topic(String topic) {
        return topics.get(topic);
    }

    MemoryTopic requireTopic(String topic) {
        MemoryTopic t = topics.get(topic);
        if (t == null) {
            throw new TransportException("Topic '" + topic + "' does not exist on memory://" + name
                    + ": declare it in the app (topics are created at worker start) or create it first");
        }
        return t;
    }

    MemoryGroup group(String groupId) {
        return groups.computeIfAbsent(groupId, id -> new MemoryGroup(this, id));
    }
}
