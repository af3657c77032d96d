package io.faust4j;

import java.time.Duration;
import java.time.Instant;

/**
 * One time window of a {@link WindowedTable}: from {@code start} (inclusive) to {@code end} (exclusive). An
 * event belongs to the window when {@code start <= timestamp < end}. A sliding window {@code [s, s + d]}, both
 * ends inclusive, is the window from {@code s} to {@code s + d + 1 ms}.
 *
 * @param start the first instant of the window
 * @param end the first instant after the window
 */
public record Window(Instant start, Instant end) {
    /** Checks that the window is not empty. */
    public Window {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a window must end after it starts: " + start + " .. " + end);
        }
    }

    /** The window from {@code startMillis} to {@code endMillis}, epoch milliseconds. */
    public static Window ofMillis(long startMillis, long endMillis) {
        return new Window(Instant.ofEpochMilli(startMillis), Instant.ofEpochMilli(endMillis));
    }

    /** The length of the window. */
    public Duration size() {
        return Duration.between(start, end);
    }

    /** Whether {@code instant} falls inside the window. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
