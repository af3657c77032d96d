package io.faust4j.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The options of {@code ./bench chaos}, with the defaults of the full run; {@code --short} first switches
 * to the defaults of the short run that the test suite makes, and later options still apply.
 *
 * @param orders orders produced per run
 * @param partitions partitions of {@code orders} (and so of the repartition topic and the tables)
 * @param accounts distinct account ids
 * @param workers workers that run all along (killed and restarted)
 * @param kills {@code kill -9} faults per run
 * @param pauses faults that freeze a worker ({@code kill -STOP}) past its session timeout, then let it run on
 * @param brokerRestarts broker stop-and-start faults per run
 * @param churn whether an extra worker joins and leaves all run long
 * @param churnInterval mean time between a churn worker's join and leave
 * @param window the time over which faults are scheduled, from the start of production
 * @param rate orders produced per second; 0 spreads them over 80% of the window
 * @param guarantee the {@code processing_guarantee} passed to the workers
 * @param seed the seed of the first run; empty for a random one
 * @param runs runs, each with its own broker; run i uses seed + i
 * @param workDir where each run's directory (logs, broker data) is made
 * @param drainTimeout how long to wait, after the window and production, for the workers to finish
 * @param sessionTimeout the workers' {@code broker_session_timeout}: how soon a killed worker's partitions move
 * @param commitInterval the workers' {@code commit_interval}
 * @param maxRestartDelay a killed worker is restarted after a random delay up to this
 * @param workerJvmOptions JVM options of the worker processes
 * @param workerSettings more faust4j settings for the workers
 * @param keepData keep the broker's data directory after a passed run
 * @param poisonRate the share of produced records that are poison pills (bytes that do not decode as an order)
 * @param failRate the share of orders the agent refuses on every attempt, so that they end dead-lettered
 */
record ChaosOptions(long orders, int partitions, int accounts, int workers, int kills, int pauses, int brokerRestarts,
                    boolean churn, Duration churnInterval, Duration window, long rate, String guarantee,
                    OptionalLong seed, int runs, Path workDir, Duration drainTimeout, Duration sessionTimeout,
                    Duration commitInterval, Duration maxRestartDelay, List<String> workerJvmOptions,
                    Map<String, String> workerSettings, boolean keepData, double poisonRate, double failRate) {

    static final List<String> GUARANTEES = List.of("at_least_once", "exactly_once");
    static final String DEFAULT_WORKER_JVM_OPTIONS = "-Xms64m -Xmx1g -XX:+UseSerialGC";

    ChaosOptions {
        workerJvmOptions = List.copyOf(workerJvmOptions);
        workerSettings = Map.copyOf(workerSettings);
    }

    /** Orders per second the producer aims at. */
    long effectiveRate() {
        return rate > 0 ? rate : Math.max(1, Math.round(orders / (window.toMillis() * 0.8 / 1000.0)));
    }

    /** Whether the run sends poison pills or refused orders, which must end in the dead-letter topic. */
    boolean deadLetters() {
        return poisonRate > 0 || failRate > 0;
    }

    boolean exactlyOnce() {
        return guarantee.equals("exactly_once");
    }

    static ChaosOptions parse(String... args) {
        Builder b = new Builder();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            switch (name) {
                case "--short" -> {
                    b.shortRun();
                    continue;
                }
                case "--broker-restart" -> {
                    b.brokerRestarts = Math.max(1, b.brokerRestarts);
                    continue;
                }
                case "--churn" -> {
                    b.churn = true;
                    continue;
                }
                case "--keep-data" -> {
                    b.keepData = true;
                    continue;
                }
                default -> { }
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--orders" -> b.orders = number(name, value, 1);
                case "--partitions" -> b.partitions = (int) number(name, value, 1);
                case "--accounts" -> b.accounts = (int) number(name, value, 1);
                case "--workers" -> b.workers = (int) number(name, value, 1);
                case "--kills" -> b.kills = (int) number(name, value, 0);
                case "--pauses" -> b.pauses = (int) number(name, value, 0);
                case "--broker-restarts" -> b.brokerRestarts = (int) number(name, value, 0);
                case "--churn-interval" -> b.churnInterval = Duration.ofMillis(number(name, value, 500));
                case "--window" -> b.window = Duration.ofSeconds(number(name, value, 5));
                case "--rate" -> b.rate = number(name, value, 0);
                case "--poison-rate" -> b.poisonRate = share(name, value);
                case "--fail-rate" -> b.failRate = share(name, value);
                case "--guarantee" -> {
                    if (!GUARANTEES.contains(value)) {
                        throw new IllegalArgumentException("--guarantee " + value + ": expected one of " + GUARANTEES);
                    }
                    b.guarantee = value;
                }
                case "--seed" -> b.seed = OptionalLong.of(parseLong(name, value));
                case "--runs" -> b.runs = (int) number(name, value, 1);
                case "--work-dir" -> b.workDir = Path.of(value);
                case "--drain-timeout" -> b.drainTimeout = Duration.ofSeconds(number(name, value, 1));
                case "--session-timeout" -> b.sessionTimeout = Duration.ofMillis(number(name, value, 1000));
                case "--commit-interval" -> b.commitInterval = Duration.ofMillis(number(name, value, 1));
                case "--max-restart-delay" -> b.maxRestartDelay = Duration.ofMillis(number(name, value, 0));
                case "--worker-jvm-opts" -> b.workerJvmOptions = splitOptions(value);
                case "--worker-setting" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--worker-setting " + value + ": expected name=value");
                    }
                    b.workerSettings.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (b.orders > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--orders " + b.orders + " is too large: at most " + Integer.MAX_VALUE);
        }
        return b.build();
    }

    private static List<String> splitOptions(String value) {
        String trimmed = value.strip();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    /** A share of records: a number from 0 up to, not including, 1. */
    private static double share(String name, String value) {
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number");
        }
        if (!(parsed >= 0 && parsed < 1)) {
            throw new IllegalArgumentException(name + " " + value + " is out of range: expected 0 <= rate < 1");
        }
        return parsed;
    }

    private static long number(String name, String value, long min) {
        long parsed = parseLong(name, value);
        if (parsed < min) {
            throw new IllegalArgumentException(name + " " + value + " is too small: at least " + min);
        }
        return parsed;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number");
        }
    }

    /** Collects options over the defaults of the full run. */
    private static final class Builder {
        long orders = 1_000_000;
        int partitions = 8;
        int accounts = 1_000;
        int workers = 3;
        int kills = 6;
        int pauses;
        int brokerRestarts;
        boolean churn;
        Duration churnInterval = Duration.ofSeconds(5);
        Duration window = Duration.ofSeconds(120);
        long rate;
        String guarantee = "at_least_once";
        OptionalLong seed = OptionalLong.empty();
        int runs = 1;
        Path workDir = Path.of("target", "chaos");
        Duration drainTimeout = Duration.ofSeconds(300);
        Duration sessionTimeout = Duration.ofSeconds(6);
        Duration commitInterval = Duration.ofSeconds(1);
        Duration maxRestartDelay = Duration.ofSeconds(3);
        List<String> workerJvmOptions = splitOptions(DEFAULT_WORKER_JVM_OPTIONS);
        Map<String, String> workerSettings = new LinkedHashMap<>();
        boolean keepData;
        double poisonRate;
        double failRate;

        /** The short run of the test suite: about a minute on two cores. */
        void shortRun() {
            orders = 30_000;
            partitions = 4;
            accounts = 200;
            workers = 2;
            kills = 3;
            window = Duration.ofSeconds(25);
            drainTimeout = Duration.ofSeconds(60);
            maxRestartDelay = Duration.ofSeconds(2);
        }

        ChaosOptions build() {
            return new ChaosOptions(orders, partitions, accounts, workers, kills, pauses, brokerRestarts, churn, churnInterval,
                    window, rate, guarantee, seed, runs, workDir, drainTimeout, sessionTimeout, commitInterval,
                    maxRestartDelay, new ArrayList<>(workerJvmOptions), workerSettings, keepData, poisonRate, failRate);
        }
    }
}
