package io.faust4j.internal;

import io.faust4j.BackgroundTask;
import io.faust4j.Faust4jException;
import io.faust4j.TaskContext;
import io.faust4j.Worker;
import io.faust4j.WorkerHook;
import io.faust4j.spi.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an app's timers, crontabs, background tasks and hooks in one worker, on the app's clock.
 *
 * <p>Order: the start hooks run once the worker has recovered its tables and its loops process, then the
 * timers and tasks start, each on a platform thread of its own (their bodies may call client libraries
 * that block). At stop, before the loops stop: no timer starts another tick, every task is told
 * ({@link TaskContext#isRunning()}, a sleep returns false), the threads are waited for up to
 * {@code stop_timeout} and then interrupted, and the stop hooks run.
 *
 * <p>Waits are on the app's clock: on a {@link SteppedClock} (the test kit's manual clock) a thread waits
 * until a move of the clock reaches its time, otherwise for what is left of it in real time.
 */
final class WorkerLifecycle implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLifecycle.class);
    private static final ThreadLocal<WorkerImpl> BOUND = new ThreadLocal<>();
    /** A runner's wake-up time while it works (not waiting for the clock). */
    static final long WORKING = -1;
    /** A runner's wake-up time once it has ended. */
    static final long ENDED = Long.MAX_VALUE;

    private final WorkerImpl worker;
    private final Lifecycle declared;
    private final BooleanSupplier leader;
    private final InstantSource clock;
    private final SteppedClock stepped;
    private final Object monitor = new Object();
    private final List<Runner> runners = new ArrayList<>();
    private volatile boolean stopping;
    private volatile boolean started;

    WorkerLifecycle(WorkerImpl worker, Lifecycle declared, InstantSource clock, BooleanSupplier leader) {
        this.worker = worker;
        this.declared = declared;
        this.clock = clock;
        this.leader = leader;
        this.stepped = clock instanceof SteppedClock s ? s : null;
    }

    /** The worker a timer, task or hook on this thread runs for, or null. */
    static WorkerImpl boundWorker() {
        return BOUND.get();
    }

    /** A thread's view of the work it runs: a state for idleness checks and a thread to stop. */
    abstract static class Runner {
        final String name;
        final Thread thread;
        /** {@link #WORKING}, {@link #ENDED}, or the clock time it waits for. */
        volatile long wakeAt = WORKING;

        Runner(String name, String threadName) {
            this.name = name;
            this.thread = Threads.platform(threadName, this::loop);
        }

        /** What the thread does. */
        abstract void loop();
    }

    /**
     * Runs the start hooks in declaration order, then starts the timers and tasks.
     *
     * @throws Faust4jException when a start hook throws (the worker then does not start)
     */
    void start() {
        if (stepped != null) {
            stepped.addListener(this);
        }
        for (WorkerHook hook : declared.startHooks()) {
            try {
                runBound(() -> hook.run(worker));
            } catch (Exception e) {
                throw new Faust4jException("A start hook of app '" + worker.app().id() + "' failed: " + e.getMessage(), e);
            }
        }
        started = true;
        long now = clock.millis();
        String suffix = "-" + worker.clientId();
        for (Lifecycle.TimerSpec spec : declared.timers()) {
            runners.add(new TimerRunner(this, spec, spec.schedule().apply(now), now,
                    "faust4j-timer-" + spec.name() + suffix));
        }
        int n = 0;
        for (BackgroundTask task : declared.tasks()) {
            String name = "task-" + ++n;
            runners.add(new Runner(name, "faust4j-" + name + suffix) {
                @Override
                void loop() {
                    runTask(name, task, this);
                }
            });
        }
        runners.forEach(r -> r.thread.start());
        if (!runners.isEmpty()) {
            LOG.info("Worker {}: {} timer(s) and crontab(s), {} task(s) started", worker.clientId(),
                    declared.timers().size(), declared.tasks().size());
        }
    }

    /**
     * Ends the timers and tasks (waiting up to {@code stop_timeout}, then interrupting them), then runs the
     * stop hooks, if the start hooks all ran.
     */
    void stop() {
        stopping = true;
        run();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(worker.stopTimeoutMillis());
        for (Runner runner : runners) {
            if (runner.thread == Thread.currentThread()) {
                continue; // a body that stops its own worker
            }
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !runner.thread.join(Duration.ofNanos(Math.max(left, 1)))) {
                    LOG.error("Worker {}: {} did not end within stop_timeout ({} ms): interrupting it",
                            worker.clientId(), runner.name, worker.stopTimeoutMillis());
                    runner.thread.interrupt();
                    runner.thread.join(Duration.ofSeconds(1));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (stepped != null) {
            stepped.removeListener(this);
        }
        if (!started) {
            return;
        }
        for (WorkerHook hook : declared.stopHooks()) {
            try {
                runBound(() -> hook.run(worker));
            } catch (Exception e) {
                LOG.error("Worker {}: a stop hook failed: {}", worker.clientId(), e.getMessage(), e);
            }
        }
    }

    /**
     * True when no timer has a tick due or running and no task works: every task waits in a sleep the clock
     * has not reached, or has ended. A task counts as working from its start and from the end of each sleep
     * until it sleeps again.
     */
    boolean isIdle() {
        long now = clock.millis();
        for (Runner runner : runners) {
            long wakeAt = runner.wakeAt;
            if (wakeAt == WORKING || wakeAt != ENDED && wakeAt <= now) {
                return false;
            }
        }
        return true;
    }

    /** The clock moved, or the worker stops: wakes the threads waiting for the clock. */
    @Override
    public void run() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /**
     * Waits until the app's clock reaches {@code millis}: true then, false when the worker stops first.
     * While it waits, {@code runner} counts as idle until the clock reaches the time.
     */
    boolean awaitClock(Runner runner, long millis) throws InterruptedException {
        runner.wakeAt = millis;
        try {
            synchronized (monitor) {
                while (!stopping) {
                    long left = millis - clock.millis();
                    if (left <= 0) {
                        return true;
                    }
                    monitor.wait(stepped != null ? 0 : left);
                }
                return false;
            }
        } finally {
            runner.wakeAt = WORKING;
        }
    }

    boolean isStopping() {
        return stopping;
    }

    boolean isLeader() {
        return leader.getAsBoolean();
    }

    WorkerImpl worker() {
        return worker;
    }

    InstantSource clock() {
        return clock;
    }

    /** Code of a timer, task or hook: what it sends or reads goes to this worker. */
    interface Body {
        void run() throws Exception;
    }

    void runBound(Body body) throws Exception {
        callBound(worker, () -> {
            body.run();
            return null;
        });
    }

    /** Calls {@code body} so that what it sends or reads outside agents goes to {@code worker}. */
    static <T> T callBound(WorkerImpl worker, java.util.concurrent.Callable<T> body) throws Exception {
        WorkerImpl previous = BOUND.get();
        BOUND.set(worker);
        try {
            return body.call();
        } finally {
            BOUND.set(previous);
        }
    }

    private void runTask(String name, BackgroundTask task, Runner self) {
        TaskContext context = new TaskContext() {
            @Override
            public Worker worker() {
                return worker;
            }

            @Override
            public Instant now() {
                return clock.instant();
            }

            @Override
            public boolean isRunning() {
                return !stopping;
            }

            @Override
            public boolean sleep(Duration duration) throws InterruptedException {
                return awaitClock(self, clock.millis() + Math.max(0, duration.toMillis()));
            }
        };
        try {
            runBound(() -> task.run(context));
            worker.flushExternalSends();
        } catch (InterruptedException e) {
            LOG.info("Worker {}: {} ended on an interrupt", worker.clientId(), name);
        } catch (Exception e) {
            LOG.error("Worker {}: {} failed and ends: {}", worker.clientId(), name, e.getMessage(), e);
        } finally {
            self.wakeAt = ENDED;
        }
    }
}
