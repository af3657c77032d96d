package io.faust4j.internal.memory;

import io.faust4j.TransportException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Faults a test injects into one in-memory broker, so the memory transport can fail the ways Kafka
 * does: sends held un-acknowledged until a flush (and lost if the producer "crashes"), sends that fail,
 * commits refused during a rebalance, and group members dropped after a session timeout.
 *
 * <p>With no fault set, the broker behaves as before: sends are stored when {@code send} returns.
 */
public final class MemoryFaults {
    private final MemoryBroker broker;
    private volatile boolean holdSends;
    private volatile Runnable flushHook = () -> { };
    private final Map<String, TransportException> failingTopics = new ConcurrentHashMap<>();
    private final AtomicInteger refusedCommits = new AtomicInteger();
    private volatile Predicate<String> transactionCommitFailure = id -> false;

    MemoryFaults(MemoryBroker broker) {
        this.broker = broker;
    }

    /**
     * Holds every later send in its producer, un-acknowledged and invisible to consumers, until the
     * producer's next flush (as Kafka's batching does with a long linger). A flush stores only the sends
     * issued before it was called.
     */
    public MemoryFaults holdSends(boolean hold) {
        this.holdSends = hold;
        return this;
    }

    /** Runs {@code hook} inside every flush, after the held sends are stored and before flush returns. */
    public MemoryFaults onFlush(Runnable hook) {
        this.flushHook = hook;
        return this;
    }

    /** Makes every send to {@code topic} fail (reported to its callback and by the next flush). */
    public MemoryFaults failSends(String topic, String message) {
        failingTopics.put(topic, new TransportException("Injected send failure on topic '" + topic + "': " + message));
        return this;
    }

    /** Lets sends to {@code topic} succeed again (producers that failed stay failed: failures are sticky). */
    public MemoryFaults healSends(String topic) {
        failingTopics.remove(topic);
        return this;
    }

    /** Makes the next {@code count} commits of any group commit nothing, as a rebalance in progress does. */
    public MemoryFaults refuseCommits(int count) {
        refusedCommits.set(count);
        return this;
    }

    /**
     * Drops every member of group {@code groupId} from the group, as a session timeout does: the
     * members find out at their next poll (their partitions are lost, not revoked) and join again.
     */
    public MemoryFaults expelMembers(String groupId) {
        broker.group(groupId).expelAll();
        return this;
    }

    /** Makes transaction commits of producers whose id matches fail (the transaction is aborted). */
    public MemoryFaults failTransactionCommits(Predicate<String> producerIds) {
        this.transactionCommitFailure = producerIds;
        return this;
    }

    /** Clears every fault. */
    public MemoryFaults clear() {
        holdSends = false;
        flushHook = () -> { };
        failingTopics.clear();
        refusedCommits.set(0);
        transactionCommitFailure = id -> false;
        return this;
    }

    boolean holding() {
        return holdSends;
    }

    void runFlushHook() {
        flushHook.run();
    }

    TransportException sendFailure(String topic) {
        return failingTopics.isEmpty() ? null : failingTopics.get(topic);
    }

    boolean refuseCommit() {
        return refusedCommits.get() > 0 && refusedCommits.getAndDecrement() > 0;
    }

    boolean failTransactionCommit(String producerId) {
        return transactionCommitFailure.test(producerId);
    }
}
