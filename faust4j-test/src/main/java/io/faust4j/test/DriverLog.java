package io.faust4j.test;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Where a test driver writes its own warnings and, without a logging binding, the agents' failures: to SLF4J
 * when a provider is bound, else to standard error, so that a project with no binding still sees them.
 */
final class DriverLog {
    private static final Logger LOG = LoggerFactory.getLogger(TestDriver.class);

    private DriverLog() {
    }

    /** True when SLF4J has no provider: the engine's log goes nowhere. */
    static boolean unbound() {
        return LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory;
    }

    static void warn(String message) {
        if (unbound()) {
            System.err.println("faust4j-test WARN: " + message);
        } else {
            LOG.warn(message);
        }
    }

    /** An agent failure, printed only when there is no binding (with one, the engine has logged it). */
    static void failureWithoutBinding(String message, Throwable error) {
        if (unbound()) {
            System.err.println("faust4j-test: " + message + ": " + error);
        }
    }
}
