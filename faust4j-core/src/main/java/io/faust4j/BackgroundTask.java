package io.faust4j;

/**
 * A background task of an app ({@link App#task}): started once on each worker after the worker is ready,
 * on a thread of its own, and asked to end when the worker stops. A long-running task loops while
 * {@link TaskContext#isRunning()} and waits with {@link TaskContext#sleep}, which follows the app's clock.
 */
@FunctionalInterface
public interface BackgroundTask {
    /**
     * Runs the task; returning ends it (it is not started again).
     *
     * @param context the worker it runs on, the app's clock, and whether the worker is stopping
     * @throws Exception logged with the task's number; the worker goes on without the task
     */
    void run(TaskContext context) throws Exception;
}
