package io.faust4j.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * One commit of a poll loop: the actors asked to checkpoint. The poll loop checks {@link #complete()}
 * without blocking. Under exactly-once the round is a barrier: an actor that arrived waits in
 * {@link #awaitBarrier} until the transaction is committed (or aborted), so its later sends belong to the
 * next transaction.
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

    /** Whether every actor has arrived. */
    boolean complete() {
        return latch.getCount() == 0;
    }

    long ageNanos() {
        return System.nanoTime() - startedNanos;
    }

    /** Under exactly-once, waits (on the actor's thread) until the round's transaction is over. */
    void awaitBarrier(Actor actor) {
        if (barrier == null) {
            return;
        }
        while (!actor.stopping()) {
            try {
                if (barrier.await(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Lets the actors waiting at the barrier go on. */
    void open() {
        if (barrier != null) {
            barrier.countDown();
        }
    }
}
