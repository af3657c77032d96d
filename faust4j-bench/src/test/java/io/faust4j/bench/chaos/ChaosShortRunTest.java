package io.faust4j.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short variant of {@code ./bench chaos} (30,000 orders, 2 worker JVMs, 3 kills with SIGKILL, about a
 * minute each): at least once must lose nothing; exactly once must count every order once, also with a
 * worker frozen past its session timeout, and put every poison pill and every refused order (0.2% each) in
 * the dead-letter topic once; and exactly once with the tables in RocksDB. The seed is random and printed; replay a failure with
 * {@code -Dchaos.seed=<seed>} here or {@code ./bench chaos --short --seed <seed>}.
 */
class ChaosShortRunTest {
    @AfterEach
    void noChildProcessOutlivesTheTest() {
        ChildProcesses.killAll();  // the run does it too, unless the timeout cut it short
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void workersKilledWithSigkillLoseNoOrderUnderAtLeastOnce() throws Exception {
        // no pause here: a worker frozen past its session timeout may still write what its producer held
        // when it froze (docs/reliability.md, "what no client can close under at-least-once"); the
        // exactly-once run below freezes one
        run("at_least_once");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void workersKilledWithSigkillOrFrozenCountEveryOrderAndDeadLetterEveryBadOneExactlyOnceUnderExactlyOnce()
            throws Exception {
        String output = run("exactly_once", "--pauses", "1", "--poison-rate", "0.002", "--fail-rate", "0.002");
        assertThat(output).contains("1 pause(s)");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void workersKilledWithSigkillKeepExactCountsInRocksDbStoresRestartedOnTheirDatadirs() throws Exception {
        // an extra worker joins and leaves all run long: cooperative rebalances under exactly-once, warm-ups
        String output = run("exactly_once", "--worker-setting", "store=rocksdb://", "--churn");
        assertThat(output).containsPattern("churn_joins=[1-9]");
        java.nio.file.Path runs = java.nio.file.Path.of("target/chaos");
        try (java.util.stream.Stream<java.nio.file.Path> found = java.nio.file.Files.walk(runs, 3)) {
            assertThat(found.anyMatch(p -> p.endsWith(java.nio.file.Path.of("w1-data", "tables"))))
                    .as("the workers kept their tables in RocksDB under their slot's datadir").isTrue();
        }
    }

    /** One short run; asserts what both guarantees promise (and, under exactly-once, no duplicate). */
    private static String run(String guarantee, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--short", "--work-dir", "target/chaos", "--guarantee", guarantee));
        args.addAll(List.of(extra));
        String seed = System.getProperty("chaos.seed", "");
        if (!seed.isBlank()) {
            args.addAll(List.of("--seed", seed));
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(System.out, captured), true, StandardCharsets.UTF_8);

        List<RunReport> reports = Chaos.execute(ChaosOptions.parse(args.toArray(String[]::new)), out);

        RunReport report = reports.get(0);
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(report.kills()).as(output).isEqualTo(3);
        assertThat(report.restarts()).as(output).isGreaterThanOrEqualTo(3);
        assertThat(report.produced()).as(output).isEqualTo(30_000);
        assertThat(report.drained()).as("the workers finished processing; %s", output).isTrue();
        DeadLetterVerdict deadLetters = report.verdict().deadLetters();
        assertThat(report.verdict().checked() + deadLetters.expected()).as(output).isEqualTo(30_000);
        if (args.contains("--poison-rate")) {
            assertThat(deadLetters.poisonPills()).as("poison pills in orders; %s", output).isPositive();
            assertThat(deadLetters.refused()).as("refused orders in orders; %s", output).isPositive();
        }
        assertThat(deadLetters.missing()).as("dead letters lost; %s", output).isZero();
        assertThat(report.verdict().lost()).as("orders lost; %s", output).isZero();
        assertThat(report.verdict().problems()).as(output).isEmpty();
        assertThat(report.verdict().regressions()).as("counts that went down in the changelog (a second writer); %s",
                output).isZero();
        if (guarantee.equals("exactly_once")) {
            assertThat(report.verdict().duplicates()).as("duplicates under exactly-once; %s", output).isZero();
            assertThat(deadLetters.deadLetters()).as("each bad record dead-lettered once; %s", output)
                    .isEqualTo(deadLetters.expected());
        }
        assertThat(output).contains("RESULT chaos status=passed guarantee=" + guarantee + " runs=1");
        assertThat(ChildProcesses.running()).as("child processes left running").isZero();
        return output;
    }

    /** Prints to the console and keeps a copy for the assertion messages. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
