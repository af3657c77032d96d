package io.faust4j.spi;

import io.faust4j.Worker;
import java.net.URI;
import java.util.Optional;

/**
 * Something that runs beside each worker, such as the web server of {@code faust4j-web}: found with
 * {@link java.util.ServiceLoader} (list the class in {@code META-INF/services/io.faust4j.spi.WorkerExtension}),
 * started once per worker start, before the worker joins its consumer group, and closed when it stops.
 */
public interface WorkerExtension {
    /**
     * Starts for a worker that is about to join its group: {@link Worker#settings()} and {@link Worker#app()}
     * can be used, nothing is assigned yet and {@link Worker#isReady()} is false. An exception fails the
     * worker's start with its message.
     */
    Running start(Worker worker);

    /** One started extension. */
    interface Running extends AutoCloseable {
        /** The URL this worker advertises to the other workers of its group (to route requests), or empty. */
        Optional<URI> advertisedUrl();

        /** Called when the worker stops, after processing has stopped and before its clients are closed. */
        @Override
        void close();
    }
}
