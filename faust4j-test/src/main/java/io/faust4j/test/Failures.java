package io.faust4j.test;

import io.faust4j.Faust4jException;
import io.faust4j.internal.FailureReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The failures a test driver's worker reported (agent loops that threw, records that could not be decoded)
 * since the driver last looked, and how they are attached to the assertion errors it throws.
 */
final class Failures {
    private static final int KEPT = 100;

    private final List<FailureReport> reports = new ArrayList<>();

    /** Told by the worker, on an actor's thread; without a logging binding, printed to standard error too. */
    void add(FailureReport report) {
        synchronized (reports) {
            if (reports.size() < KEPT) {
                reports.add(report);
            }
        }
        DriverLog.failureWithoutBinding(describe(report), report.error());
    }

    /** The failures reported since the last call, and forgets them. */
    List<FailureReport> take() {
        synchronized (reports) {
            List<FailureReport> taken = List.copyOf(reports);
            reports.clear();
            return taken;
        }
    }

    /**
     * An assertion error whose message names the first agent failure and the first decode error, with the
     * first agent failure as its cause and the first decode error suppressed (or the cause when no loop threw).
     */
    static AssertionError toError(String message, List<FailureReport> reports, String advice) {
        Optional<FailureReport> agent = reports.stream().filter(r -> !r.undecodable()).findFirst();
        Optional<FailureReport> decode = reports.stream().filter(FailureReport::undecodable).findFirst();
        AssertionError error = new AssertionError(message
                + agent.map(r -> "; first: " + describe(r) + ": " + r.error()).orElse("")
                + decode.map(r -> "; first: " + describe(r) + ": " + r.error().getMessage()).orElse("")
                + ". " + advice, agent.or(() -> decode).map(Failures::positioned).orElse(null));
        if (agent.isPresent()) {
            decode.ifPresent(r -> error.addSuppressed(positioned(r)));
        }
        return error;
    }

    /** The failure's error, wrapped in an exception whose message says where it happened. */
    static Faust4jException positioned(FailureReport report) {
        return new Faust4jException(describe(report) + ": " + report.error(), report.error());
    }

    static String describe(FailureReport report) {
        return report.undecodable()
                ? "the record at " + report.position() + " could not be decoded for agent '" + report.agent() + "'"
                : "agent '" + report.agent() + "' threw on " + report.position();
    }
}
