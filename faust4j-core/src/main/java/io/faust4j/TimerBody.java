package io.faust4j;

import java.time.Instant;

/**
 * What a timer or a crontab does at each tick ({@link App#timer}, {@link App#crontab}). It runs on a thread of
 * its own, outside any agent: it may send to topics and read tables (keys of partitions on this worker), not
 * write tables.
 */
@FunctionalInterface
public interface TimerBody {
    /**
     * Runs one tick.
     *
     * @param tick the scheduled time of this tick on the app's clock (the body may start a little later)
     * @throws Exception logged with the timer's name; the timer goes on with its next tick
     */
    void run(Instant tick) throws Exception;
}
