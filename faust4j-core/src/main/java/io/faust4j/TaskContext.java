package io.faust4j;

import java.time.Duration;
import java.time.Instant;

/** What a {@link BackgroundTask} sees of the worker it runs on. */
public interface TaskContext {
    /** The worker the task runs on. */
    Worker worker();

    /** The time on the app's clock (the {@code clock} setting; a test's manual clock). */
    Instant now();

    /** False once the worker stops: a task loop should then return. */
    boolean isRunning();

    /**
     * Waits {@code duration} on the app's clock (on a manual clock: until a test moves it that far).
     *
     * @return true when the time passed, false when the worker stopped first
     * @throws InterruptedException when the thread is interrupted (the worker interrupts a task that did not
     *     end within {@code stop_timeout} of the stop)
     */
    boolean sleep(Duration duration) throws InterruptedException;
}
