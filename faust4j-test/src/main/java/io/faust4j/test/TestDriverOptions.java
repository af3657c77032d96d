package io.faust4j.test;

import io.faust4j.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link TestDriver} runs its app: how long {@link TestDriver#process()} waits, where the manual
 * clock starts, how often offsets are committed, whether agent errors fail the test, whether settings the
 * driver must replace fail the test, and any further settings to apply on top of the app's.
 *
 * <pre>{@code
 * TestDriver.create(app, TestDriverOptions.defaults()
 *         .processTimeout(Duration.ofSeconds(2))
 *         .settings(s -> s.topicPartitions(1)));
 * }</pre>
 *
 * @param processTimeout how long {@link TestDriver#process()} waits for the worker to be idle before it
 *     fails the test
 * @param clockStart where the driver's {@link ManualClock} starts
 * @param commitInterval the {@code commit_interval} the worker runs with
 * @param failOnErrors whether {@link TestDriver#process()} fails the test when an agent loop threw or a
 *     record could not be decoded since the last call (turn off to test how an app survives errors)
 * @param failOnOverrides whether {@link TestDriver#create} fails the test when the driver has to replace a
 *     setting of the app that changes what it can do (a {@code rocksdb://} store, a clock of its own; see
 *     {@link TestDriver#overrides()}), instead of only warning
 * @param settings more setting overrides, applied after the driver's own (broker, store, clock, commit
 *     interval), so they win
 */
public record TestDriverOptions(Duration processTimeout, Instant clockStart, Duration commitInterval,
                                boolean failOnErrors, boolean failOnOverrides, Consumer<Settings.Builder> settings) {
    /** Validates every option. */
    public TestDriverOptions {
        Objects.requireNonNull(processTimeout, "processTimeout");
        Objects.requireNonNull(clockStart, "clockStart");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(settings, "settings");
        if (processTimeout.isNegative() || processTimeout.isZero()) {
            throw new IllegalArgumentException("Invalid processTimeout " + processTimeout + ": expected a positive duration");
        }
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("Invalid commitInterval " + commitInterval + ": expected a positive duration");
        }
    }

    /**
     * Waits up to 10 s, starts the clock at {@link ManualClock#DEFAULT_START}, commits every 50 ms, fails on
     * errors, warns about overrides.
     */
    public static TestDriverOptions defaults() {
        return new TestDriverOptions(Duration.ofSeconds(10), ManualClock.DEFAULT_START, Duration.ofMillis(50), true,
                false, s -> { });
    }

    /** A copy with another process timeout. */
    public TestDriverOptions processTimeout(Duration timeout) {
        return new TestDriverOptions(timeout, clockStart, commitInterval, failOnErrors, failOnOverrides, settings);
    }

    /** A copy whose clock starts at {@code start}. */
    public TestDriverOptions clockStart(Instant start) {
        return new TestDriverOptions(processTimeout, start, commitInterval, failOnErrors, failOnOverrides, settings);
    }

    /** A copy with another commit interval. */
    public TestDriverOptions commitInterval(Duration interval) {
        return new TestDriverOptions(processTimeout, clockStart, interval, failOnErrors, failOnOverrides, settings);
    }

    /** A copy that does (or does not) fail {@link TestDriver#process()} on agent and decode errors. */
    public TestDriverOptions failOnErrors(boolean fail) {
        return new TestDriverOptions(processTimeout, clockStart, commitInterval, fail, failOnOverrides, settings);
    }

    /**
     * A copy whose {@link TestDriver#create} fails (or only warns, by default) when the driver has to replace a
     * setting of the app that changes what it can do, such as a {@code rocksdb://} store.
     */
    public TestDriverOptions failOnOverrides(boolean fail) {
        return new TestDriverOptions(processTimeout, clockStart, commitInterval, failOnErrors, fail, settings);
    }

    /** A copy with more setting overrides (replacing earlier ones given here). */
    public TestDriverOptions settings(Consumer<Settings.Builder> overrides) {
        return new TestDriverOptions(processTimeout, clockStart, commitInterval, failOnErrors, failOnOverrides, overrides);
    }
}
