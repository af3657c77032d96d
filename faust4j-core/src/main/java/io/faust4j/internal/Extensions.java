package io.faust4j.internal;

import io.faust4j.Faust4jException;
import io.faust4j.Worker;
import io.faust4j.spi.WorkerExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link WorkerExtension}s on the class path, started for one worker and closed with it. */
final class Extensions {
    private static final Logger LOG = LoggerFactory.getLogger(Extensions.class);

    private final List<WorkerExtension.Running> running = new ArrayList<>();

    /** Starts every extension found; if one fails, those already started are closed and the error names it. */
    void start(Worker worker) {
        for (WorkerExtension extension : ServiceLoader.load(WorkerExtension.class)) {
            try {
                running.add(extension.start(worker));
            } catch (RuntimeException e) {
                close();
                throw new Faust4jException("Worker extension " + extension.getClass().getName()
                        + " failed to start: " + e.getMessage(), e);
            }
        }
    }

    /** The first URL an extension advertises (the web server's), or an empty string. */
    String advertisedUrl() {
        return running.stream().map(WorkerExtension.Running::advertisedUrl).flatMap(Optional::stream)
                .map(URI::toString).findFirst().orElse("");
    }

    /** Closes the started extensions, last started first; an extension's failure is logged, not thrown. */
    void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (RuntimeException e) {
                LOG.warn("Worker extension {} failed to close: {}", running.get(i).getClass().getName(), e.toString());
            }
        }
        running.clear();
    }
}
