package io.faust4j.bench;

import java.time.Duration;

/** The scenario's options, with the defaults of {@code ./bench memory-count}. */
record MemoryCountOptions(long events, int partitions, int accounts, int buffer, int maxPoll, Duration commitInterval,
                          long commitEvery, long warmupEvents, Duration timeout, Duration quietWait, boolean direct,
                          boolean handCodec, boolean trace) {

    /** Whether this is the scenario as specified, or an experiment that changes the app. */
    boolean standard() {
        return !direct && !handCodec && !trace;
    }

    String variant() {
        return standard() ? "memory-count"
                : "memory-count[" + (direct ? "direct" : "groupBy") + ",codec=" + (handCodec ? "hand" : "json")
                + (trace ? ",traced" : "") + "]";
    }

    static MemoryCountOptions parse(String[] args) {
        long events = 5_000_000;
        int partitions = 8;
        int accounts = 10_000;
        int buffer = 16_384;
        int maxPoll = 4_096;
        Duration commitInterval = Duration.ofSeconds(1);
        long commitEvery = 100_000;
        long warmup = 500_000;
        Duration timeout = Duration.ofMinutes(10);
        Duration quietWait = Duration.ofSeconds(120);
        boolean direct = false;
        boolean hand = false;
        boolean trace = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--direct") || name.equals("--trace")) {
                direct |= name.equals("--direct");
                trace |= name.equals("--trace");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--events" -> events = positive(name, value);
                case "--partitions" -> partitions = (int) positive(name, value);
                case "--accounts" -> accounts = (int) positive(name, value);
                case "--buffer" -> buffer = (int) positive(name, value);
                case "--max-poll" -> maxPoll = (int) positive(name, value);
                case "--commit-interval" -> commitInterval = Duration.ofMillis(positive(name, value));
                case "--commit-every" -> commitEvery = positive(name, value);
                case "--warmup-events" -> warmup = Long.parseLong(value);
                case "--timeout" -> timeout = Duration.ofSeconds(positive(name, value));
                case "--quiet-wait" -> quietWait = Duration.ofSeconds(Long.parseLong(value));
                case "--codec" -> hand = switch (value) {
                    case "json" -> false;
                    case "hand" -> true;
                    default -> throw new IllegalArgumentException("--codec " + value + ": expected json or hand");
                };
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (events > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--events " + events + " is too large: at most " + Integer.MAX_VALUE);
        }
        return new MemoryCountOptions(events, partitions, accounts, buffer, maxPoll, commitInterval, commitEvery,
                warmup, timeout, quietWait, direct, hand, trace);
    }

    /** Parses a count of at least 1 ({@code _} separators allowed); shared by the scenarios' options. */
    static long positive(String name, String value) {
        long parsed;
        try {
            parsed = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number");
        }
        if (parsed < 1) {
            throw new IllegalArgumentException(name + " " + value + " must be at least 1");
        }
        return parsed;
    }
}
