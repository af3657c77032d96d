package io.faust4j.spi;

/** Found with ServiceLoader (META-INF/services/io.faust4j.spi.WorkerExtension); one instance per worker start. */
public interface WorkerExtension {
    /** Starts for a worker that is about to join its group: settings() and app() are usable, nothing is assigned yet. */
    Running start(io.faust4j.Worker worker);

    /** What an extension runs for one worker, closed when the worker stops. */
    interface Running extends AutoCloseable {
        /** The URL this worker advertises to the other workers of its group (used for routing), or empty. */
        java.util.Optional<java.net.URI> advertisedUrl();

        /** Called when the worker stops, after processing stopped and before the clients are closed. */
        @Override
        void close();
    }
}
