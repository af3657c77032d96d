package io.faust4j.spi;

import java.util.Collection;

/** Told by a group consumer, on its polling thread, when partitions are taken away or handed over. */
public interface RebalanceListener {
    /**
     * These partitions are no longer this consumer's, and it may still commit their offsets: called
     * before others may take them.
     */
    void onPartitionsRevoked(Collection<TopicPartition> partitions);

    /**
     * These partitions were taken away without a revocation (this member was dropped from the group after
     * a session timeout or a long pause); another member may already own them, so nothing may be written
     * or committed for them any more.
     */
    void onPartitionsLost(Collection<TopicPartition> partitions);

    /** These partitions are now this consumer's; called before records of them are returned. */
    void onPartitionsAssigned(Collection<TopicPartition> partitions);
}
