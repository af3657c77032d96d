package io.faust4j.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One commit of a poll loop: the actors asked to checkpoint, and a latch the loop waits on. */
final class CommitRound {
    private final Set<Actor> arrived = ConcurrentHashMap.newKeySet();
    private final CountDownLatch latch;

    CommitRound(int actors) {
        this.latch = new CountDownLatch(actors);
    }

    /** Records that {@code actor} has checkpointed; only its first arrival counts. */
    void arrive(Actor actor) {
        if (arrived.add(actor)) {
            latch.countDown();
        }
    }

    /** Waits for every actor, up to {@code millis}; true if all arrived. */
    boolean await(long millis) throws InterruptedException {
        return latch.await(millis, TimeUnit.MILLISECONDS);
    }
}
