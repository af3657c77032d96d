package io.faust4j.cli;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The worker's signals, as Faust's: TERM asks for a warm shutdown; INT for the same with a short deadline; an
 * INT while a shutdown is under way exits at once (exit code 130). Replaces the JVM's own handling of TERM
 * and INT (which would run shutdown hooks in no particular order), so the worker stops first; QUIT still
 * prints the JVM's thread dump.
 */
final class ShutdownSignals {
    /** A signal that asks the worker to stop. */
    enum Kind { TERM, INT }

    /** The exit code of a second INT: 128 + the signal's number, as shells report it. */
    static final int HARD_EXIT = 130;
    private static final Logger LOG = LoggerFactory.getLogger(Logging.BANNER);

    private final BlockingQueue<Kind> received = new LinkedBlockingQueue<>();
    private volatile boolean stopping;

    private ShutdownSignals() {
    }

    /** Takes over TERM and INT for this JVM. */
    static ShutdownSignals install() {
        ShutdownSignals signals = new ShutdownSignals();
        for (Kind kind : Kind.values()) {
            try {
                Signal.handle(new Signal(kind.name()), signal -> signals.on(kind));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("Signal {} cannot be handled on this platform: {}", kind, e.getMessage());
            }
        }
        return signals;
    }

    private void on(Kind kind) {
        if (stopping) {
            if (kind == Kind.INT) {
                System.err.println("faust4j: INT again: exiting at once (unfinished events are replayed by the next"
                        + " owner of their partitions)");
                Runtime.getRuntime().halt(HARD_EXIT);
            }
            LOG.info("{} received: already stopping (INT exits at once)", kind);
            return;
        }
        stopping = true;
        received.add(kind);
    }

    /** Waits up to {@code timeout} for a stop signal; null when none came. */
    Kind await(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Marks a shutdown as under way without a signal (the worker stopped by itself): INT then exits at once. */
    void stopping() {
        stopping = true;
    }
}
