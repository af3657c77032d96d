package io.faust4j.bench.chaos;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The failure-test harness ({@code ./bench chaos}): runs {@link ChaosApp} in worker processes on an
 * embedded broker in its own JVM, kills workers with SIGKILL at random moments (and optionally restarts
 * the broker and lets extra workers join and leave) while orders flow, waits until everything is
 * processed, and checks the tables' changelogs against the orders: no order may be lost, and under
 * {@code exactly_once} nothing may be counted twice. With poison pills and refused orders, each must be in
 * the dead-letter topic (under {@code exactly_once} once). Faults are drawn from a printed seed, so a run can
 * be replayed with {@code --seed}. See docs/reliability.md.
 *
 * <p>Exit status: 0 when every run kept the guarantee, 1 when one did not (or did not finish processing),
 * 2 for bad options or settings the workers refused, 3 when the harness itself failed.
 */
public final class Chaos {
    static final int PASSED = 0;
    static final int BROKEN = 1;
    static final int REFUSED = 2;
    static final int HARNESS_FAILED = 3;

    private Chaos() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the harness with command-line options; returns the exit status. */
    public static int run(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            usage(System.out);
            return PASSED;
        }
        ChaosOptions options;
        try {
            options = ChaosOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            usage(System.err);
            return REFUSED;
        }
        try {
            List<RunReport> reports = execute(options, System.out);
            return reports.stream().allMatch(RunReport::passed) ? PASSED : BROKEN;
        } catch (ChaosRun.Refused e) {
            System.out.println("chaos: " + e.getMessage());
            System.out.println("RESULT chaos status=refused guarantee=" + options.guarantee());
            return REFUSED;
        } catch (Exception e) {
            System.out.println("chaos: the harness failed: " + e);
            e.printStackTrace(System.out);
            System.out.println("RESULT chaos status=harness_failed guarantee=" + options.guarantee());
            return HARNESS_FAILED;
        } finally {
            ChildProcesses.killAll();
        }
    }

    /** Runs every run of {@code options}, printing as it goes and a report per run, then the RESULT line. */
    static List<RunReport> execute(ChaosOptions o, PrintStream out) throws Exception {
        // the harness's own clients complain at WARN all through a broker restart: keep errors only
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        long firstSeed = o.seed().orElseGet(() -> new SplittableRandom().nextLong(1, 1L << 48));
        out.println("chaos: order counts under faults; " + o.guarantee() + "; seed " + firstSeed);
        out.printf(Locale.ROOT, "orders=%,d partitions=%d accounts=%,d workers=%d kills=%d pauses=%d broker_restarts=%d"
                        + " churn=%s window=%ds rate=%,d/s session_timeout=%dms commit_interval=%dms poison_rate=%s"
                        + " fail_rate=%s runs=%d%n", o.orders(), o.partitions(), o.accounts(), o.workers(), o.kills(),
                o.pauses(), o.brokerRestarts(), o.churn() ? "every ~" + o.churnInterval().toMillis() + "ms" : "off",
                o.window().toSeconds(), o.effectiveRate(), o.sessionTimeout().toMillis(), o.commitInterval().toMillis(),
                o.poisonRate(), o.failRate(), o.runs());
        long started = System.nanoTime();
        List<RunReport> reports = new ArrayList<>();
        for (int r = 0; r < o.runs(); r++) {
            RunReport report = new ChaosRun(o, r + 1, firstSeed + r, out).execute();
            reports.add(report);
            print(report, out);
        }
        out.println(resultLine(o, firstSeed, reports, System.nanoTime() - started));
        return reports;
    }

    private static void print(RunReport r, PrintStream out) {
        Verdict v = r.verdict();
        out.printf("%n== run %d: %s (seed %d)%n", r.number(), r.passed() ? "PASSED" : "FAILED", r.seed());
        out.printf(Locale.ROOT, "faults injected: %d kill -9 (%d restarts), %d pause(s), %d broker restart(s), churn %d"
                        + " join(s) / %d leave(s); %d unplanned worker exit(s)%n", r.kills(), r.restarts(), r.pauses(),
                r.brokerRestarts(),
                r.churnJoins(), r.churnLeaves(), r.unplannedExits().size());
        r.unplannedExits().forEach(e -> out.println("  " + e));
        DeadLetterVerdict d = v.deadLetters();
        out.printf(Locale.ROOT, "records produced: %,d acknowledged (%,d failed sends); orders holds %,d records"
                        + " (%,d producer duplicates, %,d unknown ids)%n", r.produced(), r.produceFailures(),
                v.sourceRecords() + d.expected(), v.sourceDuplicates(), v.unknownSourceKeys());
        out.printf(Locale.ROOT, "records checked: %,d order ids against %s%n", v.checked(),
                ChaosApp.changelog(ChaosApp.SEEN));
        out.printf(Locale.ROOT, "records lost: %,d (order ids missing from seen); increments lost from counts: %,d"
                + " (%d account(s) below the truth)%n", v.lost(), v.lostIncrements(), v.accountsUnder());
        out.printf(Locale.ROOT, "duplicates: %,d increment(s) of counts above the truth (%d account(s); counts sum to"
                        + " %,d for %,d records); %,d order(s) kept more than once in seen (%,d extra)%n", v.duplicates(),
                v.accountsOver(), v.countsTotal(), v.sourceRecords(), v.seenDuplicated(), v.seenExtra());
        out.printf(Locale.ROOT, "dead letters: %,d in %s for %,d poison pill(s) and %,d refused order(s) in orders;"
                        + " missing %,d, duplicates %,d, good orders %,d, unknown %,d, wrong value or header %,d;"
                        + " refused orders counted %,d%n", d.deadLetters(), ChaosApp.DEAD_LETTERS, d.poisonPills(),
                d.refused(), d.missing(), d.duplicates(), d.goodDeadLettered(), d.unknown(), d.wrong(), d.refusedCounted());
        if (v.regressions() > 0) {
            out.printf(Locale.ROOT, "count regressions in the counts changelog: %,d (a worker wrote a partition it no"
                    + " longer owned)%n", v.regressions());
        }
        out.printf(Locale.ROOT, "drained: %s; elapsed %.1f s%n", r.drained() ? "yes" : "NO, lag at the end: " + r.lagAtEnd(),
                r.elapsedNanos() / 1e9);
        if (!r.passed()) {
            v.problems().forEach(p -> out.println("BROKEN: " + p));
            if (!r.drained()) {
                out.println("BROKEN: the workers did not finish processing within the drain timeout");
            }
            if (!v.lostSample().isEmpty()) {
                out.println("first lost orders:");
                v.lostSample().forEach(s -> out.println("  " + s));
            }
            if (!v.underSample().isEmpty()) {
                out.println("first accounts counted below the truth:");
                v.underSample().forEach(s -> out.println("  " + s));
            }
            if (!d.missingSample().isEmpty()) {
                out.println("first dead letters missing:");
                d.missingSample().forEach(s -> out.println("  " + s));
            }
            if (!d.wrongSample().isEmpty()) {
                out.println("first dead letters that should not be there or are wrong:");
                d.wrongSample().forEach(s -> out.println("  " + s));
            }
            out.println("logs: broker " + r.brokerLog());
            r.logs().forEach(l -> out.println("  " + l));
            out.println("broker data kept in " + r.dir().resolve("broker-data") + "; replay with --seed " + r.seed()
                    + " --runs 1");
        }
    }

    static String resultLine(ChaosOptions o, long firstSeed, List<RunReport> reports, long elapsedNanos) {
        boolean passed = reports.stream().allMatch(RunReport::passed);
        boolean drained = reports.stream().allMatch(RunReport::drained);
        return String.format(Locale.ROOT, "RESULT chaos status=%s guarantee=%s runs=%d seed=%d kills=%d pauses=%d"
                        + " broker_restarts=%d churn_joins=%d unplanned_exits=%d produced=%d checked=%d lost=%d lost_increments=%d"
                        + " duplicates=%d poison=%d refused=%d dead_letters=%d dead_letters_missing=%d"
                        + " dead_letter_duplicates=%d elapsed_s=%.1f",
                passed ? "passed" : drained ? "broken" : "not_drained", o.guarantee(), reports.size(), firstSeed,
                sum(reports, RunReport::kills), sum(reports, RunReport::pauses), sum(reports, RunReport::brokerRestarts),
                sum(reports, RunReport::churnJoins),
                sum(reports, r -> r.unplannedExits().size()), sum(reports, RunReport::produced),
                sum(reports, r -> r.verdict().checked()), sum(reports, r -> r.verdict().lost()),
                sum(reports, r -> r.verdict().lostIncrements()), sum(reports, r -> r.verdict().duplicates()),
                sum(reports, r -> r.verdict().deadLetters().poisonPills()),
                sum(reports, r -> r.verdict().deadLetters().refused()),
                sum(reports, r -> r.verdict().deadLetters().deadLetters()),
                sum(reports, r -> r.verdict().deadLetters().missing()),
                sum(reports, r -> r.verdict().deadLetters().duplicates()), elapsedNanos / 1e9);
    }

    private static long sum(List<RunReport> reports, java.util.function.ToLongFunction<RunReport> f) {
        return reports.stream().mapToLong(f).sum();
    }

    static void usage(PrintStream out) {
        out.println("""
                usage: ./bench chaos [--short] [options]

                  Runs the order-counts app (groupBy account; counts[account] += 1 and seen[orderId] += 1) in
                  worker JVMs on an embedded Kafka broker (a child JVM), kills workers with SIGKILL at random
                  moments while orders are produced, waits until the group has committed everything, then reads
                  the tables' changelogs and orders-dlq back (read_committed) and checks them against the
                  orders topic.
                  Ends with one line RESULT chaos status=passed|broken|not_drained ...; exit status 1 when a
                  guarantee is broken (any lost order, increment or dead letter; under exactly_once, any
                  duplicate).

                  --short                 the CI variant's defaults (30,000 orders, 4 partitions, 2 workers,
                                          3 kills, 25 s window, 60 s drain timeout); later options still apply
                  --orders N              orders per run (1,000,000)
                  --partitions P          partitions of orders (8)
                  --accounts A            distinct accounts (1,000)
                  --workers W             workers that run all along (3)
                  --kills K               kill -9 faults per run (6)
                  --pauses N              freeze a worker (kill -STOP) past its session timeout so its group
                                          drops it, then let it run on (kill -CONT): a zombie (0)
                  --broker-restart        stop and restart the broker once mid-run (same port and data)
                  --broker-restarts N     ... N times (0)
                  --churn                 an extra worker joins and leaves all run long
                  --churn-interval MILLIS mean time between its joins and leaves (5000)
                  --window SECONDS        faults are drawn over this time from the start of production (120)
                  --rate N                orders per second (default: spread over 80% of the window)
                  --poison-rate R         share of the records that are poison pills (key p-<i>, value
                                          'not json <i>'), which must end in orders-dlq (0)
                  --fail-rate R           share of the orders the agent refuses (it throws on every attempt;
                                          2 attempts), which must end in orders-dlq (0)
                  --guarantee G           processing_guarantee of the workers: at_least_once (default) or
                                          exactly_once
                  --seed S                replay a run (default: random, printed)
                  --runs R                runs, each with a fresh broker; run i uses seed + i (1)
                  --work-dir DIR          where run directories (logs, broker data) go (target/chaos)
                  --drain-timeout SECONDS how long the workers get to finish after the window (300)
                  --session-timeout MILLIS the workers' broker_session_timeout (6000; the broker's minimum)
                  --commit-interval MILLIS the workers' commit_interval (1000)
                  --max-restart-delay MILLIS a killed worker restarts after a random delay up to this (3000)
                  --worker-jvm-opts "..." JVM options of the workers (%s)
                  --worker-setting k=v    any other faust4j setting for the workers (repeatable)
                  --keep-data             keep the broker's data of a passed run (a failed run always keeps it)
                """.formatted(ChaosOptions.DEFAULT_WORKER_JVM_OPTIONS));
    }
}
