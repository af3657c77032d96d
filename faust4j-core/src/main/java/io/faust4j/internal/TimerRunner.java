package io.faust4j.internal;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of one timer or crontab in one worker. Ticks follow the schedule on the app's clock; the
 * body of a tick runs to its end before the next tick is looked at, so a tick that passes while a body
 * still runs (or while the clock jumps ahead) is skipped, with a warning, and the timer goes on with the
 * first tick after the current time. A body that throws is logged; the timer goes on. What a body sent is
 * flushed to the broker after the body, before the next tick: a send that cannot be stored stops the
 * worker, as it does for an agent. An on-leader timer looks at each tick whether this worker leads its
 * group, and runs the body only then.
 */
final class TimerRunner extends WorkerLifecycle.Runner {
    private static final Logger LOG = LoggerFactory.getLogger(TimerRunner.class);
    private static final long WARN_EVERY_MILLIS = 60_000;

    private final WorkerLifecycle lifecycle;
    private final Lifecycle.TimerSpec spec;
    private final Lifecycle.Schedule schedule;
    private final long startMillis;
    private long lastWarning = Long.MIN_VALUE;
    private long skippedSinceWarning;

    TimerRunner(WorkerLifecycle lifecycle, Lifecycle.TimerSpec spec, Lifecycle.Schedule schedule, long startMillis,
                String threadName) {
        super("timer '" + spec.name() + "'", threadName);
        this.lifecycle = lifecycle;
        this.spec = spec;
        this.schedule = schedule;
        this.startMillis = startMillis;
    }

    @Override
    void loop() {
        try {
            long next = schedule.nextAfter(startMillis);
            while (lifecycle.awaitClock(this, next)) {
                if (!spec.onLeader() || lifecycle.isLeader()) {
                    tick(next);
                }
                long now = lifecycle.clock().millis();
                long following = schedule.nextAfter(next);
                if (following <= now) {
                    following = skip(following, now);
                }
                next = following;
            }
        } catch (InterruptedException e) {
            LOG.info("Worker {}: {} interrupted at stop", lifecycle.worker().clientId(), name);
        } finally {
            wakeAt = WorkerLifecycle.ENDED;
        }
    }

    private void tick(long at) {
        WorkerImpl worker = lifecycle.worker();
        try {
            lifecycle.runBound(() -> spec.body().run(Instant.ofEpochMilli(at)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.error("Worker {}: {} ({}) failed at its tick of {}: {}; it goes on with its next tick",
                    worker.clientId(), name, spec.description(), Instant.ofEpochMilli(at), e.getMessage(), e);
        }
        try {
            worker.flushExternalSends();
        } catch (RuntimeException e) {
            worker.fail(new io.faust4j.Faust4jException("A send of " + name + " failed: " + e.getMessage(), e));
        }
    }

    /** The clock passed one or more ticks while the body ran (or jumped): goes on with the first tick after now. */
    private long skip(long missed, long now) {
        long next = schedule.nextAfter(now);
        long skipped = 1;
        for (long t = schedule.nextAfter(missed); t <= now && skipped < 1_000_000; t = schedule.nextAfter(t)) {
            skipped++;
        }
        skippedSinceWarning += skipped;
        long realNow = System.currentTimeMillis();
        if (realNow - lastWarning >= WARN_EVERY_MILLIS) {
            LOG.warn("Worker {}: {} ({}) skipped {} tick(s) that passed while its body ran or the clock jumped;"
                    + " next tick at {}", lifecycle.worker().clientId(), name, spec.description(), skippedSinceWarning,
                    Instant.ofEpochMilli(next));
            lastWarning = realNow;
            skippedSinceWarning = 0;
        }
        return next;
    }
}
