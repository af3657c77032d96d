package io.faust4j.internal;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rate-limits repeated log lines of one kind: the first {@code burst} occurrences of a kind in each window
 * are logged, the rest are only counted, and the next line logged for that kind says how many were
 * dropped. Every occurrence is counted, logged or not.
 *
 * <pre>{@code
 * if (limiter.shouldLog("decode-error:orders")) {
 *     long dropped = limiter.takeSuppressed("decode-error:orders");
 *     LOG.warn("cannot decode ...{}", dropped == 0 ? "" : " (" + dropped + " similar messages suppressed)");
 * }
 * }</pre>
 *
 * <p>A window starts at the first occurrence of a kind after the previous window ended (fixed windows per
 * kind, not a sliding log), so at most {@code burst} lines of a kind are logged per window. A clock that
 * goes back starts a new window. Kinds are kept for the limiter's lifetime: use a bounded set of kinds (an
 * error class and a topic, say), never the message text.
 *
 * <p>Thread-safe and lock-free: one map lookup and a few atomic updates per call, and an allocation only
 * when a window starts.
 */
public final class LogLimiter {
    private final long windowMillis;
    private final int burst;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();

    /**
     * @param window how long a window lasts, at least a millisecond
     * @param burst how many occurrences of a kind are logged per window, at least 1
     * @param clock where time comes from (the app's clock, so tests move it by hand)
     * @throws IllegalArgumentException naming a window below a millisecond or a burst below 1
     */
    public LogLimiter(Duration window, int burst, InstantSource clock) {
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("LogLimiter window must be at least 1ms, not " + window);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("LogLimiter burst must be at least 1, not " + burst);
        }
        this.windowMillis = window.toMillis();
        this.burst = burst;
        this.clock = clock;
    }

    /**
     * Counts one occurrence of {@code kind}.
     *
     * @return true when it is among the first {@code burst} of its window and should be logged
     */
    public boolean shouldLog(String kind) {
        Kind state = kind(kind);
        state.occurrences.incrementAndGet();
        if (state.currentWindow(clock.millis(), windowMillis).logged.incrementAndGet() <= burst) {
            return true;
        }
        state.suppressed.incrementAndGet();
        return false;
    }

    /**
     * The occurrences of {@code kind} that were not logged since the previous call, and starts counting
     * again from zero: each suppressed occurrence is reported by exactly one call.
     */
    public long takeSuppressed(String kind) {
        Kind state = kinds.get(kind);
        return state == null ? 0 : state.suppressed.getAndSet(0);
    }

    /** Every occurrence of {@code kind} so far, logged or not. */
    public long occurrences(String kind) {
        Kind state = kinds.get(kind);
        return state == null ? 0 : state.occurrences.get();
    }

    private Kind kind(String kind) {
        Kind state = kinds.get(kind);  // the common case, without computeIfAbsent's bin lock
        return state != null ? state : kinds.computeIfAbsent(kind, k -> new Kind());
    }

    @Override
    public String toString() {
        return "LogLimiter{" + burst + " per " + windowMillis + "ms, " + kinds.size() + " kinds}";
    }

    /** The counters of one kind. */
    private static final class Kind {
        final AtomicLong occurrences = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
        final AtomicReference<Window> window = new AtomicReference<>(new Window(Long.MIN_VALUE));

        /** The window {@code now} falls in, starting a new one when the current one is over. */
        Window currentWindow(long now, long windowMillis) {
            Window current = window.get();
            while (!current.covers(now, windowMillis)) {
                Window next = new Window(now);
                if (window.compareAndSet(current, next)) {
                    return next;
                }
                current = window.get();  // another thread started one; it covers now unless the clock moved on
            }
            return current;
        }
    }

    /** One window of a kind: when it started and how many occurrences it has let through. */
    private static final class Window {
        final long startMillis;
        final AtomicLong logged = new AtomicLong();

        Window(long startMillis) {
            this.startMillis = startMillis;
        }

        boolean covers(long now, long windowMillis) {
            if (startMillis == Long.MIN_VALUE) {
                return false;
            }
            long elapsed = now - startMillis;
            return elapsed >= 0 && elapsed < windowMillis;
        }
    }
}
