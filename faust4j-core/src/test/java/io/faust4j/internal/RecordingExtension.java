package io.faust4j.internal;

import io.faust4j.Worker;
import io.faust4j.spi.WorkerExtension;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A worker extension for the tests: for workers whose {@code worker_id} starts with {@code routed-} it
 * advertises {@code http://<worker id>.test/} and records when it starts and closes; other workers get an
 * inert instance.
 */
public final class RecordingExtension implements WorkerExtension {
    /** What happened, in order: "start <id> ready=<isReady> assigned=<n>" and "close <id> ready=<isReady>". */
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public Running start(Worker worker) {
        String id = worker.settings().workerId();
        if (!id.startsWith("routed-")) {
            return new Running() {
                @Override
                public Optional<URI> advertisedUrl() {
                    return Optional.empty();
                }

                @Override
                public void close() {
                }
            };
        }
        EVENTS.add("start " + id + " ready=" + worker.isReady() + " assigned=" + worker.assignedPartitions().size());
        return new Running() {
            @Override
            public Optional<URI> advertisedUrl() {
                return Optional.of(URI.create("http://" + id + ".test/"));
            }

            @Override
            public void close() {
                EVENTS.add("close " + id + " ready=" + worker.isReady());
            }
        };
    }
}
