package io.faust4j.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs repeated messages of one kind at a bounded rate: the first {@code burst} of each kind per window
 * are logged, the rest only counted, and the next line logged says how many were left out. A poison
 * pill met a million times gives a few lines a second, not a million.
 */
final class LimitedLog {
    private final Logger log;
    private final long windowNanos;
    private final int burst;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        volatile long start;
        final AtomicLong inWindow = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }

    LimitedLog(Logger log, long windowNanos, int burst) {
        this.log = log;
        this.windowNanos = windowNanos;
        this.burst = burst;
    }

    void warn(String kind, String format, Object... args) {
        long dropped = admit(kind);
        if (dropped >= 0) {
            log.warn(suffix(format, dropped), args);
        }
    }

    void error(String kind, String format, Object... args) {
        long dropped = admit(kind);
        if (dropped >= 0) {
            log.error(suffix(format, dropped), args);
        }
    }

    /** -1 to suppress this message, else the number of messages of its kind suppressed before it. */
    private long admit(String kind) {
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long now = System.nanoTime();
        long start = window.start;
        if (now - start > windowNanos || start == 0) {
            window.start = now;
            window.inWindow.set(0);
        }
        if (window.inWindow.incrementAndGet() > burst) {
            window.suppressed.incrementAndGet();
            return -1;
        }
        return window.suppressed.getAndSet(0);
    }

    private static String suffix(String format, long dropped) {
        return dropped == 0 ? format : format + " [" + dropped + " similar message(s) left out]";
    }
}
