package io.faust4j.kafka;

import io.faust4j.TransportException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Keeps calls into kafka-clients off virtual threads. kafka-clients blocks on monitors, on I/O and on
 * metadata, and its classes log from their initialisers; a virtual thread pins its carrier while it runs
 * or waits for a class initialiser (on every JDK) and, on JDK 21 to 23, while it blocks inside
 * {@code synchronized}. With every carrier pinned (two on a 2-core machine), the virtual thread that
 * would release them never runs again and the worker freezes.
 *
 * <p>So a call made on a virtual thread runs on one of this pool's platform threads while the virtual
 * thread waits for it on a {@link Future} (which unmounts it); a call made on a platform thread runs
 * where it is, at the cost of one check. The pool grows with the number of concurrent calls (these are
 * admin calls, client creation and consumer wake-ups, none on the hot path) and shrinks when idle. The
 * producer's sends do not come here: they have their own thread ({@link KafkaTransportProducer}).
 */
final class PlatformCalls implements AutoCloseable {
    private final ExecutorService pool;

    PlatformCalls(String name) {
        pool = Executors.newCachedThreadPool(Thread.ofPlatform().name(name + "-", 1).daemon(true).factory());
    }

    /** Runs {@code action} here on a platform thread, else on a pool thread, and returns its result. */
    <T> T call(Supplier<T> action) {
        if (!Thread.currentThread().isVirtual()) {
            return action.get();
        }
        Future<T> result;
        try {
            result = pool.submit(action::get);
        } catch (RejectedExecutionException e) {
            throw new TransportException("The Kafka transport is closed", e);
        }
        return await(result);
    }

    /** Runs {@code action} here on a platform thread, else on a pool thread without waiting for it. */
    void execute(Runnable action) {
        if (!Thread.currentThread().isVirtual()) {
            action.run();
            return;
        }
        try {
            pool.execute(action);
        } catch (RejectedExecutionException closed) {
            // the transport is closed: there is nothing left to run it on
        }
    }

    /** Like {@link #call}, for the one call made before a transport (and its pool) exists: a thread of its own. */
    static <T> T callOnce(String threadName, Supplier<T> action) {
        if (!Thread.currentThread().isVirtual()) {
            return action.get();
        }
        FutureTask<T> task = new FutureTask<>(action::get);
        Thread.ofPlatform().name(threadName).daemon(true).start(task);
        return await(task);
    }

    private static <T> T await(Future<T> result) {
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new TransportException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new TransportException("Interrupted while waiting for a call to Kafka", e);
        }
    }

    /** Stops taking calls; calls under way finish on their threads. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
