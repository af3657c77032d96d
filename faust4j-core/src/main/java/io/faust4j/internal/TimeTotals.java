package io.faust4j.internal;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A timer read when a registry publishes (a {@link FunctionTimer}: count and total time), so that a
 * registry added to a worker after it started (a web server's Prometheus registry, say) still shows
 * everything timed before; a pushed {@code Timer} would show only what came after.
 */
final class TimeTotals {
    private final LongAdder count = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    /** Registers a timer of these totals. */
    static TimeTotals register(MeterRegistry registry, String name, Tags tags, String description) {
        TimeTotals totals = new TimeTotals();
        FunctionTimer.builder(name, totals, t -> t.count.sum(), t -> t.nanos.sum(), TimeUnit.NANOSECONDS)
                .tags(tags).description(description).register(registry);
        return totals;
    }

    void record(long elapsedNanos) {
        nanos.add(elapsedNanos);
        count.increment();
    }
}
