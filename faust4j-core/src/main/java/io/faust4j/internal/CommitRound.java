package io.faust4j.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * One commit of a poll loop: the actors asked to checkpoint. The poll loop checks {@link #complete()}
 * without blocking. Under exactly-once the round is a barrier for sends, not for processing: an actor that
 * arrived goes on with its events but holds what they send until the transaction is committed (or
 * aborted) and the round {@link #open() opened}, so those sends belong to the next transaction.
 */
final class CommitRound {
    private final Set<Actor> arrived = ConcurrentHashMap.newKeySet();
    private final CountDownLatch latch;
    private final CountDownLatch barrier;
    private final long startedNanos = System.nanoTime();

    private final Runnable whenComplete;

    /**
     * @param actors how many actors must arrive
     * @param barrier whether arrived actors wait until {@link #open()} (exactly-once)
     * @param whenComplete run by the last actor to arrive (it wakes the poll loop, so it does not wait out a poll)
     */
    CommitRound(int actors, boolean barrier, Runnable whenComplete) {
        this.latch = new CountDownLatch(actors);
        this.barrier = barrier ? new CountDownLatch(1) : null;
        this.whenComplete = whenComplete;
    }

    /** Records that {@code actor} has checkpointed; only its first arrival counts. */
    void arrive(Actor actor) {
        if (arrived.add(actor)) {
            latch.countDown();
            if (latch.getCount() == 0) {
                whenComplete.run();
            }
        }
    }

    /** Waits up to {@code millis} for every actor to arrive; true if they all did. */
    boolean await(long millis) throws InterruptedException {
        return latch.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Whether every actor has arrived. */
    boolean complete() {
        return latch.getCount() == 0;
    }

    long ageNanos() {
        return System.nanoTime() - startedNanos;
    }

    /** Whether arrived actors hold their later sends until {@link #open()} (exactly-once). */
    boolean isBarrier() {
        return barrier != null;
    }

    /** Whether the round's transaction is over (always true without a barrier). */
    boolean isOpen() {
        return barrier == null || barrier.getCount() == 0;
    }

    /** Ends the barrier: actors send what they held, into the next transaction; they are woken to do so. */
    void open() {
        if (barrier != null && barrier.getCount() > 0) {
            barrier.countDown();
            arrived.forEach(Actor::wake);
        }
    }
}
