package io.faust4j.internal;

import io.faust4j.BackgroundTask;
import io.faust4j.ConfigurationException;
import io.faust4j.TimerBody;
import io.faust4j.TimerOptions;
import io.faust4j.WorkerHook;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * The timers, crontabs, background tasks and start and stop hooks an app declares; each worker runs them
 * with a {@link WorkerLifecycle}. Declared under the app's lock, before the first start.
 */
final class Lifecycle {
    /** When a timer ticks: the first tick strictly after a time, in epoch milliseconds on the app's clock. */
    interface Schedule {
        long nextAfter(long millis);
    }

    /**
     * A declared timer or crontab.
     *
     * @param schedule makes the schedule of one worker, given the time the worker's timers start
     */
    record TimerSpec(String name, String description, boolean onLeader, LongFunction<Schedule> schedule,
                     TimerBody body) {
    }

    private final List<TimerSpec> timers = new ArrayList<>();
    private final List<BackgroundTask> tasks = new ArrayList<>();
    private final List<WorkerHook> startHooks = new ArrayList<>();
    private final List<WorkerHook> stopHooks = new ArrayList<>();

    /** The name a timer gets: its own, or {@code <kind>-<n>}; checked unique. */
    String timerName(String kind, TimerOptions options) {
        Objects.requireNonNull(options, "options");
        String name = options.name().isEmpty() ? kind + "-" + (timers.size() + 1) : options.name();
        if (timers.stream().anyMatch(t -> t.name().equals(name))) {
            throw new ConfigurationException("Timer '" + name + "' is declared twice: give each timer and crontab its"
                    + " own name (TimerOptions.named)");
        }
        return name;
    }

    void timer(String name, Duration interval, TimerOptions options, TimerBody body) {
        Objects.requireNonNull(body, "body");
        if (interval == null || interval.isNegative() || interval.toMillis() < 1) {
            throw new ConfigurationException("Invalid interval " + interval + " for timer '" + name
                    + "': expected at least 1 ms (the app's clock counts milliseconds)");
        }
        long millis = interval.toMillis();
        timers.add(new TimerSpec(name, "every " + interval, options.leaderOnly(),
                start -> at -> start + millis * (Math.floorDiv(at - start, millis) + 1), body));
    }

    void crontab(String name, String expression, ZoneId zone, TimerOptions options, TimerBody body) {
        Objects.requireNonNull(body, "body");
        CronSchedule cron = CronSchedule.parse(expression, zone);
        timers.add(new TimerSpec(name, cron.toString(), options.leaderOnly(), start -> cron::nextAfter, body));
    }

    void task(BackgroundTask task) {
        tasks.add(Objects.requireNonNull(task, "task"));
    }

    void onStart(WorkerHook hook) {
        startHooks.add(Objects.requireNonNull(hook, "hook"));
    }

    void onStop(WorkerHook hook) {
        stopHooks.add(Objects.requireNonNull(hook, "hook"));
    }

    List<TimerSpec> timers() {
        return List.copyOf(timers);
    }

    List<BackgroundTask> tasks() {
        return List.copyOf(tasks);
    }

    List<WorkerHook> startHooks() {
        return List.copyOf(startHooks);
    }

    List<WorkerHook> stopHooks() {
        return List.copyOf(stopHooks);
    }
}
