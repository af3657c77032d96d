package io.faust4j.bench.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults of one run, drawn from its seed before the run starts, so a seed replays the same
 * schedule: which worker is killed (or frozen) when, how long it stays down, when the broker stops and for how
 * long, when a churn worker joins and leaves. Times are milliseconds from the start of production.
 *
 * @param faults the faults in time order
 */
record FaultPlan(List<Fault> faults) {
    /** What happens at one moment. */
    enum Kind {
        /** {@code kill -9} of a worker ({@code Process.destroyForcibly()}). */
        KILL,
        /** A killed worker is started again. */
        RESTART,
        /** A worker's JVM is frozen ({@code kill -STOP}), as by a long GC pause, past its session timeout. */
        PAUSE,
        /** The frozen worker runs on ({@code kill -CONT}), unaware that its group has dropped it. */
        RESUME,
        /** The broker's JVM is stopped (SIGTERM, a clean broker shutdown). */
        BROKER_STOP,
        /** The broker is started again on the same port and data directory. */
        BROKER_START,
        /** An extra worker starts. */
        CHURN_JOIN,
        /** The extra worker stops warmly (SIGTERM). */
        CHURN_LEAVE
    }

    /**
     * One fault.
     *
     * @param atMillis when, from the start of production
     * @param kind what
     * @param slot the worker slot it hits (0 to workers - 1), or -1
     */
    record Fault(long atMillis, Kind kind, int slot) {
        @Override
        public String toString() {
            String worker = switch (kind) {
                case KILL, RESTART, PAUSE, RESUME -> " worker " + WorkerProcess.slotName(slot, false);
                case CHURN_JOIN, CHURN_LEAVE -> " worker " + WorkerProcess.slotName(slot, true);
                default -> "";
            };
            return String.format(java.util.Locale.ROOT, "%7.2fs %-12s%s", atMillis / 1000.0, kind, worker);
        }
    }

    FaultPlan {
        faults = List.copyOf(faults);
    }

    static FaultPlan draw(ChaosOptions o, SplittableRandom random) {
        long window = o.window().toMillis();
        List<Fault> faults = new ArrayList<>();
        drawWorkerFaults(o, random.split(), window, faults);
        drawBrokerRestarts(o, random.split(), window, faults);
        if (o.churn()) {
            drawChurn(o, random.split(), window, faults);
        }
        faults.sort(Comparator.comparingLong(Fault::atMillis).thenComparing(Fault::kind));
        return new FaultPlan(faults);
    }

    /**
     * Kills and pauses at uniform random moments in the middle 80% of the window, each on a worker that is
     * up (not killed, not paused) then. A killed worker restarts after up to {@code maxRestartDelay}; a
     * paused one resumes after the session timeout plus 1 to 5 s, so its group has dropped it by then.
     */
    private static void drawWorkerFaults(ChaosOptions o, SplittableRandom random, long window, List<Fault> faults) {
        long[] killTimes = times(o.kills(), window, random);
        long[] pauseTimes = times(o.pauses(), window, random);
        List<long[]> moments = new ArrayList<>();  // {time, 1 for a pause}
        Arrays.stream(killTimes).forEach(t -> moments.add(new long[] {t, 0}));
        Arrays.stream(pauseTimes).forEach(t -> moments.add(new long[] {t, 1}));
        moments.sort(Comparator.comparingLong((long[] m) -> m[0]).thenComparingLong(m -> m[1]));
        long[] downUntil = new long[o.workers()];
        long minDelay = Math.min(200, o.maxRestartDelay().toMillis());
        for (long[] moment : moments) {
            long at = moment[0];
            long earliestUp = Arrays.stream(downUntil).min().orElseThrow();
            if (earliestUp > at) {
                at = earliestUp + 100;  // every worker is down: the next fault waits for one to be back
            }
            final long now = at;
            int[] up = java.util.stream.IntStream.range(0, downUntil.length).filter(s -> downUntil[s] <= now).toArray();
            int slot = up[random.nextInt(up.length)];
            boolean pause = moment[1] == 1;
            long delay = pause ? o.sessionTimeout().toMillis() + 1_000 + random.nextLong(4_001)
                    : minDelay + random.nextLong(o.maxRestartDelay().toMillis() - minDelay + 1);
            downUntil[slot] = at + delay;
            faults.add(new Fault(at, pause ? Kind.PAUSE : Kind.KILL, slot));
            faults.add(new Fault(at + delay, pause ? Kind.RESUME : Kind.RESTART, slot));
        }
    }

    private static long[] times(int n, long window, SplittableRandom random) {
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = window / 10 + random.nextLong(Math.max(1, window * 8 / 10));
        }
        Arrays.sort(times);
        return times;
    }

    /** Broker restarts in the middle 70% of the window, down 1 to 5 s each, never overlapping. */
    private static void drawBrokerRestarts(ChaosOptions o, SplittableRandom random, long window, List<Fault> faults) {
        long[] times = new long[o.brokerRestarts()];
        for (int i = 0; i < times.length; i++) {
            times[i] = window * 15 / 100 + random.nextLong(Math.max(1, window * 70 / 100));
        }
        Arrays.sort(times);
        long free = 0;
        for (long t : times) {
            long stop = Math.max(t, free);
            long start = stop + 1_000 + random.nextLong(4_001);
            faults.add(new Fault(stop, Kind.BROKER_STOP, -1));
            faults.add(new Fault(start, Kind.BROKER_START, -1));
            free = start + 5_000;
        }
    }

    /** One extra worker joining and leaving, each step after half to one and a half churn intervals. */
    private static void drawChurn(ChaosOptions o, SplittableRandom random, long window, List<Fault> faults) {
        long mean = o.churnInterval().toMillis();
        long t = window / 20;
        boolean joined = false;
        while (true) {
            t += mean / 2 + random.nextLong(mean + 1);
            if (t >= window) {
                break;
            }
            faults.add(new Fault(t, joined ? Kind.CHURN_LEAVE : Kind.CHURN_JOIN, o.workers()));
            joined = !joined;
        }
        if (joined) {
            faults.add(new Fault(window, Kind.CHURN_LEAVE, o.workers()));
        }
    }

    long count(Kind kind) {
        return faults.stream().filter(f -> f.kind() == kind).count();
    }
}
