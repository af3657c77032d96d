package io.faust4j;

/**
 * Code run when a worker has started or is about to stop ({@link App#onStart}, {@link App#onStop}), on the
 * thread that starts or stops the worker.
 */
@FunctionalInterface
public interface WorkerHook {
    /**
     * Runs the hook.
     *
     * @param worker the worker that started or stops
     * @throws Exception from a start hook: the worker does not start ({@code start()} throws it); from a stop
     *     hook: logged, and the other stop hooks still run
     */
    void run(Worker worker) throws Exception;
}
