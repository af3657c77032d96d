package io.faust4j.internal;

import io.faust4j.spi.SteppedClock;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of a worker that an app can observe (the window of {@code take(max, within)}), on the
 * app's clock. On the system clock a deadline is a {@link System#nanoTime()} and waits are plain timed
 * waits, as before there was a choice of clock. On a {@link SteppedClock} a deadline is in the clock's
 * milliseconds and passes only when the clock is moved: the actors waiting for one are woken on every move.
 * On any other clock it is in the clock's milliseconds too, and the wait for what is left is real time.
 */
final class AppTime implements Runnable {
    /** What {@link #waitNanos} returns when only a move of a stepped clock can end the wait. */
    static final long UNTIL_MOVED = Long.MAX_VALUE;

    private final InstantSource clock;
    private final boolean system;
    private final SteppedClock stepped;
    private final Set<Actor> waiting = ConcurrentHashMap.newKeySet();
    private final java.util.List<Runnable> moveListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    AppTime(InstantSource clock) {
        this.clock = clock;
        this.system = clock == InstantSource.system() || clock.equals(Clock.systemUTC())
                || clock.equals(Clock.systemDefaultZone());
        this.stepped = clock instanceof SteppedClock s ? s : null;
    }

    /** Starts following moves of a stepped clock. */
    void open() {
        if (stepped != null) {
            stepped.addListener(this);
        }
    }

    /** Stops following the clock. */
    void close() {
        if (stepped != null) {
            stepped.removeListener(this);
        }
    }

    /** True on the system clock: deadlines are {@link System#nanoTime()} values. */
    boolean isSystem() {
        return system;
    }

    /** True on a stepped clock: deadlines pass only when a test moves it. */
    boolean isStepped() {
        return stepped != null;
    }

    /** The clock's time in milliseconds. */
    long millis() {
        return clock.millis();
    }

    /** The deadline {@code within} from now (at most 100 years; never {@link Long#MAX_VALUE}, "no deadline"). */
    long deadline(Duration within) {
        if (system) { // nanoTime arithmetic wraps: only differences count, so a plain sum is right
            long deadline = System.nanoTime() + (within.compareTo(Duration.ofDays(36_500)) > 0
                    ? TimeUnit.DAYS.toNanos(36_500) : within.toNanos());
            return deadline == Long.MAX_VALUE ? deadline - 1 : deadline;
        }
        long millis = within.compareTo(Duration.ofDays(36_500)) > 0 ? TimeUnit.DAYS.toMillis(36_500)
                : within.toMillis() + (within.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        return saturatedAdd(clock.millis(), millis);
    }

    /**
     * How long to wait in real time for {@code deadline}: 0 when it has passed, {@link #UNTIL_MOVED} on a
     * stepped clock that has not reached it.
     */
    long waitNanos(long deadline) {
        if (system) {
            return Math.max(0, deadline - System.nanoTime());
        }
        long left = deadline - clock.millis();
        if (left <= 0) {
            return 0;
        }
        return stepped != null ? UNTIL_MOVED : TimeUnit.MILLISECONDS.toNanos(left);
    }

    /** The actor waits for a deadline from now on: a move of the clock wakes it. */
    void register(Actor actor) {
        waiting.add(actor);
    }

    void unregister(Actor actor) {
        waiting.remove(actor);
    }

    /** The clock moved: wakes the actors waiting for a deadline, so they look at the clock again. */
    @Override
    public void run() {
        for (Actor actor : waiting) {
            actor.wake();
        }
        moveListeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after every move of a stepped clock (windowed tables' idle partitions). */
    void onMove(Runnable listener) {
        moveListeners.add(listener);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 || sum == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : sum;
    }
}
