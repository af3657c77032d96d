package io.faust4j.cli;

import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Worker;
import io.faust4j.WorkerStats;
import io.faust4j.internal.WorkerImpl;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code faust4j worker}: runs one worker of the app until TERM or INT. TERM stops it warmly (current events
 * finish within {@code stop_timeout}, their table changes and sends are flushed, offsets committed, stores
 * closed, the group left); INT does the same with a short deadline; a second INT exits at once. Exits 0 after a
 * clean stop, 1 when the worker failed to start or stopped on an error (one line says why).
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a worker of the app until TERM (warm shutdown) or INT (the same with a short deadline;"
                + " a second INT exits at once).")
final class WorkerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Logging.BANNER);
    private static final Duration WATCH = Duration.ofMillis(200);

    @ParentCommand
    Faust4jCommand top;

    @Option(names = "--int-timeout", paramLabel = "DURATION", defaultValue = "3s",
            description = "On INT, how long agents may take to finish their current events (default: ${DEFAULT-VALUE};"
                    + " TERM waits up to the stop_timeout setting).")
    String intTimeout;

    @Override
    public Integer call() throws InterruptedException {
        Duration intDeadline = parseDuration(intTimeout, "--int-timeout");
        App app = top.app();
        Settings settings = top.settings();
        ShutdownSignals signals = ShutdownSignals.install(); // before the start: a TERM while it recovers stops it warmly
        Banner.log(app, settings);
        Worker worker;
        try {
            worker = app.start(top.overrides());
        } catch (RuntimeException e) {
            throw new CliException("The worker did not start: " + Errors.message(e), e);
        }
        LOG.info("Worker started: {} partition(s) assigned; web {}; TERM stops it warmly, INT within {}",
                worker.assignedPartitions().size(), io.faust4j.web.WebExtension.url(worker).map(Object::toString)
                        .orElse("off (web_enabled=false)"), intTimeout);
        ShutdownSignals.Kind signal = null;
        while (signal == null && worker.isRunning()) {
            signal = signals.await(WATCH);
        }
        if (signal == null) {
            signals.stopping();
        } else if (signal == ShutdownSignals.Kind.TERM) {
            LOG.info("TERM received: finishing current events (up to stop_timeout={}), committing, closing stores,"
                    + " leaving the group", text(settings.stopTimeout()));
            worker.stop();
        } else {
            LOG.info("INT received: finishing current events (up to {}), committing, closing stores, leaving the group;"
                    + " INT again exits at once", intTimeout);
            if (worker instanceof WorkerImpl impl) {
                impl.stop(intDeadline);
            } else {
                worker.stop();
            }
        }
        return outcome(worker);
    }

    private static int outcome(Worker worker) {
        Throwable failure = worker instanceof WorkerImpl impl ? impl.failure() : null;
        WorkerStats stats = worker.stats();
        if (failure != null) {
            throw new CliException("The worker stopped on an error: " + Errors.message(failure), failure);
        }
        LOG.info("Worker stopped cleanly: {} events processed, {} commits", stats.eventsProcessed(), stats.commits());
        return 0;
    }

    /** A duration as people write it: 30s, 1.5s, 500ms. */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis >= 1000 ? millis / 1000.0 + "s" : millis + "ms";
    }

    /** A duration written as settings write them (500ms, 2.5s, 1m), or a message naming {@code option}. */
    static Duration parseDuration(String raw, String option) {
        try {
            return Settings.STOP_TIMEOUT.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new CliException("Invalid value '" + raw + "' for " + option + ": " + e.getMessage());
        }
    }
}
