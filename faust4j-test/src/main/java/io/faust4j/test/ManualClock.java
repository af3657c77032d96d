package io.faust4j.test;

import java.time.Duration;
import java.time.Instant;
import io.faust4j.spi.SteppedClock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when a test moves it, so event timestamps, table changelog timestamps and
 * anything else an app reads from its clock are exact and repeatable, and deadlines the app can observe
 * (the window of {@code take(max, within)}) pass only when the test moves it past them. Thread-safe.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.startingAt(Instant.parse("2024-01-01T00:00:00Z"));
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 */
public final class ManualClock implements SteppedClock {
    /** Where {@link #create()} starts: 2024-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** A clock standing at {@link #DEFAULT_START}. */
    public static ManualClock create() {
        return new ManualClock(DEFAULT_START);
    }

    /** A clock standing at {@code start}. */
    public static ManualClock startingAt(Instant start) {
        return new ManualClock(Objects.requireNonNull(start, "start"));
    }

    /** The current instant; it changes only through {@link #advance} and {@link #set}. */
    @Override
    public Instant instant() {
        return now.get();
    }

    /** The current instant in milliseconds since the epoch. */
    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    /**
     * Moves the clock forward and returns the new instant.
     *
     * @throws IllegalArgumentException when {@code amount} is negative (use {@link #set} to go back)
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("Cannot advance the clock by " + amount
                    + ": expected zero or a positive duration; use set(instant) to move it back");
        }
        Instant moved = now.updateAndGet(t -> t.plus(amount));
        moved();
        return moved;
    }

    /** Sets the clock to {@code instant}, forwards or backwards. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
        moved();
    }

    /** Registers a listener run after every move (the engine's, to close take windows). */
    @Override
    public void addListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void moved() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "]";
    }
}
