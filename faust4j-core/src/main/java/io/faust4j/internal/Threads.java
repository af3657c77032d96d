package io.faust4j.internal;

/** The one place faust4j makes threads: virtual threads for actors, platform threads for poll loops. */
public final class Threads {
    private Threads() {
    }

    /** An unstarted virtual thread (an actor's loop). */
    public static Thread virtual(String name, Runnable task) {
        return Thread.ofVirtual().name(name).unstarted(task);
    }

    /** An unstarted platform thread (a consumer's poll loop, which owns a client that is not thread-safe). */
    public static Thread platform(String name, Runnable task) {
        return Thread.ofPlatform().name(name).daemon(false).unstarted(task);
    }
}
