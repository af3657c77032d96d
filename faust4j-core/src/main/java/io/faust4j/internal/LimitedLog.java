package io.faust4j.internal;

import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;

/**
 * A logger for messages that may repeat at the rate events arrive (a poison pill met a million times):
 * each kind is logged at most {@code burst} times per window by a {@link LogLimiter}, and the next line
 * logged says how many were left out. The limit follows the wall clock: it is about log volume, not app time.
 */
final class LimitedLog {
    private final Logger log;
    private final LogLimiter limiter;

    LimitedLog(Logger log, Duration window, int burst) {
        this.log = log;
        this.limiter = new LogLimiter(window, burst, InstantSource.system());
    }

    void warn(String kind, String format, Object... args) {
        if (limiter.shouldLog(kind)) {
            log.warn(withSuppressed(kind, format), args);
        }
    }

    void error(String kind, String format, Object... args) {
        if (limiter.shouldLog(kind)) {
            log.error(withSuppressed(kind, format), args);
        }
    }

    private String withSuppressed(String kind, String format) {
        long dropped = limiter.takeSuppressed(kind);
        return dropped == 0 ? format : format + " [" + dropped + " similar message(s) left out]";
    }
}
