package io.faust4j.examples;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds an example app sample data from a background thread while {@code main} runs the app, standing in
 * for the other systems that would publish to its topics in real life.
 *
 * <p>The app starts on the main thread inside {@link io.faust4j.App#run()}, which offers no "started"
 * callback, so the first send is retried until the worker accepts it.
 */
final class SampleFeed {
    private static final Logger LOG = LoggerFactory.getLogger(SampleFeed.class);
    private static final Duration START_WAIT = Duration.ofMinutes(2);
    private static final long RETRY_MILLIS = 100;

    private SampleFeed() {
    }

    /** Calls {@code send} once, as soon as the app runs. */
    static void once(Runnable send) {
        start(send, Duration.ZERO);
    }

    /** Calls {@code send} as soon as the app runs, then every {@code period} until the app stops. */
    static void every(Duration period, Runnable send) {
        start(send, period);
    }

    private static void start(Runnable send, Duration period) {
        Thread feeder = new Thread(() -> feed(send, period), "sample-feed");
        feeder.setDaemon(true);
        feeder.start();
    }

    private static void feed(Runnable send, Duration period) {
        try {
            if (!firstSend(send) || period.isZero()) {
                return;
            }
            while (true) {
                Thread.sleep(period);
                send.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("Sample feed stopped: {}", e.getMessage());
        }
    }

    /** Retries the first send while the app is still starting; false if it never accepted one. */
    private static boolean firstSend(Runnable send) throws InterruptedException {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            try {
                send.run();
                return true;
            } catch (RuntimeException notRunningYet) {
                if (System.nanoTime() > deadline) {
                    LOG.error("Sample feed gave up: the app did not accept a send within {}", START_WAIT, notRunningYet);
                    return false;
                }
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }
}
