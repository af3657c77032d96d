package io.faust4j;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The windows of one key of a {@link WindowedTable}, read relative to a point in time, as Faust's
 * {@code table[key].current()}. Where an instant falls in several (hopping) windows, the one that started
 * last is meant. For {@linkplain Windows#sliding sliding windows} each call reads the aggregate of the events in
 * the time difference ending at its instant (both ends inclusive), whether or not a window ends there. A window
 * with no value (never written, or expired) reads as the table's default.
 *
 * <p>For session windows each read means the key's session holding the instant (from its first event to its
 * last, both included), or the default if the instant falls between sessions: {@code current()} inside an
 * agent is the session the current event joined, {@code now()} the session holding the clock's time (usually
 * none unless the clock runs with the events), {@code delta(d)} the session that held the instant {@code d}
 * before the relative time, and {@link #all()} every session of the key.
 *
 * @param <V> the value type
 */
public interface WindowSet<V> {
    /** The value of the window holding the current event's timestamp (outside agents: the partition's stream time). */
    V current();

    /** The value of the window holding the app clock's time. */
    V now();

    /** The value of the window holding the table's relative time ({@link WindowedTable#relativeToNow()} and so on). */
    V value();

    /** The value of the window holding the table's relative time minus {@code ago}. */
    V delta(Duration ago);

    /** The value of the window holding {@code instant}. */
    V at(Instant instant);

    /** Every window of the key that holds a value, oldest first (one range scan of the key's windows). */
    Map<Window, V> all();
}
