package io.faust4j;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link WindowedTable} buckets time: the window kind and size, how long windows are kept
 * ({@code expires}), how late an event may be ({@code grace}) and when a quiet partition's time moves on
 * by itself ({@code idleAdvance}). Immutable; each {@code with}-style method returns a new definition.
 *
 * <pre>{@code
 * Windows hourly = Windows.tumbling(Duration.ofHours(1)).expires(Duration.ofDays(1)).grace(Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>Windows are aligned to the epoch: a tumbling window of one hour starts on the hour (UTC), a hopping
 * window of size {@code s} and step {@code p} starts at every multiple of {@code p}. Sizes are whole
 * milliseconds. Session windows ({@link #session}) have no fixed bounds: they follow each key's events. See
 * {@code docs/windows.md} for the rules of closing, lateness and expiry.
 */
public final class Windows {
    private final Duration size;
    private final Duration step;
    private final Duration expires;
    private final Duration grace;
    private final Duration idleAdvance;

    private Windows(Duration size, Duration step, Duration expires, Duration grace, Duration idleAdvance) {
        this.size = size;
        this.step = step;
        this.expires = expires;
        this.grace = grace;
        this.idleAdvance = idleAdvance;
        if (expires != null && expires.compareTo(grace) < 0) {
            throw new IllegalArgumentException("Windows expire after " + expires + " but accept late events for a grace"
                    + " of " + grace + ": a window must not be deleted before it closes. Make expires at least the grace");
        }
        if (expires != null && step.isZero() && expires.compareTo(grace.plus(size)) < 0) {
            throw new IllegalArgumentException("Sliding windows of " + size + " with a grace of " + grace + " expire"
                    + " after " + expires + ", but a new window's value is built from windows ending up to " + size
                    + " + grace before it: make expires at least " + grace.plus(size));
        }
    }

    /**
     * Fixed-size windows that do not overlap and leave no gaps: each event belongs to exactly one. Windows
     * are kept forever unless {@link #expires} is set.
     */
    public static Windows tumbling(Duration size) {
        positiveMillis("size", size);
        return new Windows(size, size, null, Duration.ZERO, null);
    }

    /**
     * Fixed-size windows that start every {@code step} and overlap when the step is smaller than the size:
     * an event belongs to {@code size / step} windows (rounded up).
     */
    public static Windows hopping(Duration size, Duration step) {
        positiveMillis("size", size);
        positiveMillis("step", step);
        if (step.compareTo(size) > 0) {
            throw new IllegalArgumentException("Hopping windows of size " + size + " with a step of " + step
                    + " leave gaps between windows, so events there would be counted nowhere: use a step no larger"
                    + " than the size");
        }
        return new Windows(size, step, null, Duration.ZERO, null);
    }

    /**
     * Session windows with an inactivity gap: a key's session runs from its first event to its last, and an
     * event within {@code gap} of a session (before its first event or after its last) joins it; an event
     * within the gap of two sessions merges them into one. A session closes once the stream time minus the
     * grace passes its last event plus the gap, and expires once the stream time minus {@link #expires} does.
     * Declare the table with the function that merges two sessions' values: {@code
     * table.windowed(Windows.session(gap), Long::sum)}, or {@link Table#sessions}.
     */
    public static Windows session(Duration gap) {
        positiveMillis("gap", gap);
        return new Windows(gap, gap.negated(), null, Duration.ZERO, null); // a negative step marks sessions
    }

    /**
     * Kafka Streams' sliding windows: a window of {@code timeDifference} for each distinct set of events of a key
     * that fit in one, so every window aggregates exactly the events inside it. A window spans from its start
     * to start + {@code timeDifference}, <em>both ends inclusive</em> (its {@link Window} ends one millisecond
     * after that). Each event at {@code t} has its <em>left window</em> {@code [t - timeDifference, t]}; an
     * event at {@code r} also has a <em>right window</em> {@code [r + 1, r + 1 + timeDifference]} once a later
     * event of the key falls in it. {@link WindowSet#current()} is then the aggregate of the key's events of the
     * last {@code timeDifference} up to the current event, and {@link WindowSet#at} the aggregate ending at any
     * instant.
     *
     * <p>Values are built by applying each write's change in arrival order, seeded from the value of an older
     * window: they are exact for changes whose order does not matter (sums, counts, minima, maxima). An event
     * older than the watermark (its own window is closed) is late as a whole: it goes to no window. With
     * {@link #expires}, windows must be kept at least {@code timeDifference} + grace after their end.
     */
    public static Windows sliding(Duration timeDifference) {
        positiveMillis("timeDifference", timeDifference);
        return new Windows(timeDifference, Duration.ZERO, null, Duration.ZERO, null); // step zero marks sliding
    }

    /**
     * Deletes a window (from the store, and with a tombstone from the changelog) once the partition's stream
     * time is {@code expires} past the window's end. Must be at least the {@link #grace} (for sliding
     * windows: the grace plus the time difference).
     */
    public Windows expires(Duration expires) {
        nonNegativeMillis("expires", expires);
        return new Windows(size, step, expires, grace, idleAdvance);
    }

    /**
     * Accepts events up to {@code grace} behind the partition's stream time: a window closes (its close
     * callbacks run, and it takes no more events) once the stream time minus the grace reaches its end.
     * Default zero.
     */
    public Windows grace(Duration grace) {
        nonNegativeMillis("grace", grace);
        return new Windows(size, step, expires, grace, idleAdvance);
    }

    /**
     * Lets the stream time of a partition that received no event for {@code idle} (on the app's clock) move on
     * to the clock's time minus {@code idle}, so windows of a quiet partition still close. Off by default: with
     * it, events more than {@code idle} + grace older than the clock are late after a quiet spell (do not use
     * it to reprocess old data).
     */
    public Windows idleAdvance(Duration idle) {
        positiveMillis("idleAdvance", idle);
        return new Windows(size, step, expires, grace, idle);
    }

    /**
     * The length of each window; for sliding windows the time difference (a window holds the events from its
     * start to start + size, both inclusive); for session windows the inactivity gap.
     */
    public Duration size() {
        return size;
    }

    /**
     * The distance between the starts of consecutive windows (the size, for tumbling windows); zero for sliding
     * windows, which start wherever the events put them, and for sessions.
     */
    public Duration step() {
        return step.isNegative() ? Duration.ZERO : step;
    }

    /** Whether these are session windows ({@link #session}), whose bounds follow the events. */
    public boolean isSession() {
        return step.isNegative();
    }

    /** The inactivity gap of session windows; empty for other kinds. */
    public Optional<Duration> gap() {
        return isSession() ? Optional.of(size) : Optional.empty();
    }

    /** How long after its end a window is deleted; empty for never. */
    public Optional<Duration> expires() {
        return Optional.ofNullable(expires);
    }

    /** How late (behind the stream time) an event may be and still be counted. */
    public Duration grace() {
        return grace;
    }

    /** After how long without events a partition's stream time follows the clock; empty for never. */
    public Optional<Duration> idleAdvance() {
        return Optional.ofNullable(idleAdvance);
    }

    /** Whether the windows do not overlap. */
    public boolean isTumbling() {
        return step.equals(size);
    }

    /** Whether these are sliding windows ({@link #sliding}). */
    public boolean isSliding() {
        return step.isZero();
    }

    private static void positiveMillis(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.toNanosPart() % 1_000_000 != 0) {
            throw new IllegalArgumentException("Window " + what + " " + d + " must be a positive whole number of"
                    + " milliseconds");
        }
    }

    private static void nonNegativeMillis(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.toNanosPart() % 1_000_000 != 0) {
            throw new IllegalArgumentException("Window " + what + " " + d + " must be zero or a positive whole number"
                    + " of milliseconds");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Windows w && size.equals(w.size) && step.equals(w.step) && Objects.equals(expires, w.expires)
                && grace.equals(w.grace) && Objects.equals(idleAdvance, w.idleAdvance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, step, expires, grace, idleAdvance);
    }

    @Override
    public String toString() {
        String kind = isSession() ? "session(gap " + size : isSliding() ? "sliding(" + size
                : isTumbling() ? "tumbling(" + size : "hopping(" + size + ", step " + step;
        return kind + ")"
                + (expires == null ? "" : ", expires " + expires) + (grace.isZero() ? "" : ", grace " + grace)
                + (idleAdvance == null ? "" : ", idleAdvance " + idleAdvance);
    }
}
