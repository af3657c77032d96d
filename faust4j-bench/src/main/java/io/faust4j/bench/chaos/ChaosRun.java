package io.faust4j.bench.chaos;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One run of the harness: a fresh broker, the workers, the orders, the faults of the plan while the
 * orders flow, the drain, and the check of the tables' changelogs. Every child process is gone when
 * {@link #execute()} returns or throws.
 */
final class ChaosRun {
    private static final long TICK_MILLIS = 100;
    private static final long UNPLANNED_RESTART_DELAY_NANOS = 1_000_000_000L;
    private static final long READY_TIMEOUT_NANOS = 180_000_000_000L;

    private final ChaosOptions o;
    private final int number;
    private final long seed;
    private final PrintStream out;
    private final Path dir;
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final Map<WorkerProcess, Long> restartsDue = new HashMap<>();
    private final List<String> unplannedExits = new ArrayList<>();
    private ChaosBroker broker;
    private ChaosKafka kafka;
    private WorkerProcess churn;
    private OrderProducer producer;
    private long t0;
    private long t0Millis;
    private long nextProgress;
    private long kills;
    private long restarts;
    private long pauses;
    private final Map<Integer, Long> pausedPids = new HashMap<>();
    private long brokerRestarts;
    private long churnJoins;
    private long churnLeaves;

    /** Thrown when the workers refuse their settings (for example a guarantee the engine does not provide). */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    ChaosRun(ChaosOptions options, int number, long seed, PrintStream out) {
        this.o = options;
        this.number = number;
        this.seed = seed;
        this.out = out;
        this.dir = options.workDir().toAbsolutePath().resolve("run-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-seed-" + seed);
    }

    RunReport execute() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(dir);
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom ordersRandom = root.split();
        FaultPlan plan = FaultPlan.draw(o, root.split());
        SplittableRandom mixRandom = root.split();  // after the others: a seed keeps its orders and faults
        out.printf("%n== run %d of %d: seed %d (replay with --seed %d --runs 1), directory %s%n", number, o.runs(), seed,
                seed, dir);
        out.println("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, load average " + loadAverage()
                + " at the start");
        out.println("fault plan (from the start of production):");
        plan.faults().forEach(f -> out.println("  " + f));
        Outcome outcome;
        try (ChaosBroker b = new ChaosBroker(dir)) {
            broker = b;
            b.start();
            out.printf("broker: %s (child JVM), data %s, log %s%n", b.brokerUrl(), b.dataDir(), b.log());
            try (ChaosKafka k = new ChaosKafka(b.bootstrapServers())) {
                kafka = k;
                outcome = runFaults(plan, ordersRandom, mixRandom);
            }
        } finally {
            if (producer != null) {
                producer.stop();
            }
            ChildProcesses.killAll();
        }
        List<Path> logs = Stream.concat(workers.stream(), Stream.ofNullable(churn)).flatMap(w -> w.logs().stream()).toList();
        RunReport report = new RunReport(number, seed, dir, plan, kills, restarts, pauses, brokerRestarts, churnJoins,
                churnLeaves, unplannedExits, producer.acked(), producer.failed(), outcome.drained(), outcome.lagAtEnd(),
                outcome.verdict(), System.nanoTime() - started, logs, broker.log());
        if (report.passed() && !o.keepData()) {
            deleteTree(broker.dataDir());
        }
        return report;
    }

    private record Outcome(boolean drained, String lagAtEnd, Verdict verdict) {
    }

    /** On the started broker: the workers, the orders and the faults, the drain, the stop and the check. */
    private Outcome runFaults(FaultPlan plan, SplittableRandom ordersRandom, SplittableRandom mixRandom) throws Exception {
        kafka.createTopic(ChaosApp.ORDERS, o.partitions());
        startWorkers();
        producer = new OrderProducer(broker.bootstrapServers(), o, ordersRandom, mixRandom);
        t0 = System.nanoTime();
        t0Millis = System.currentTimeMillis();
        producer.start();
        out.printf(Locale.ROOT, "%s producing %,d orders at %,d/s%n", clock(), o.orders(), o.effectiveRate());
        for (FaultPlan.Fault fault : plan.faults()) {
            waitUntil(t0 + fault.atMillis() * 1_000_000);
            inject(fault);
        }
        awaitProduction();
        ensureWorkersUp();
        Optional<ChaosKafka.Lag> lag = drain();
        stopWorkers();
        Verdict verdict = ChangelogCheck.run(kafka, o, out, clock(), t0Millis);
        out.println(clock() + " machine load average " + loadAverage() + " at the end");
        return new Outcome(lag.isPresent() && lag.get().caughtUp(),
                lag.map(l -> "orders " + l.orders() + ", repartition " + l.repartition()).orElse("unknown"), verdict);
    }

    // ---- workers ----

    private List<String> workerArgs() {
        List<String> args = new ArrayList<>(List.of("--broker", broker.brokerUrl(), "--guarantee", o.guarantee(),
                "--parent-pid", Long.toString(ProcessHandle.current().pid())));
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("topic_partitions", Integer.toString(o.partitions()));
        settings.put("commit_interval", o.commitInterval().toMillis() + "ms");
        settings.put("broker_session_timeout", o.sessionTimeout().toMillis() + "ms");
        settings.put("broker_heartbeat_interval", Math.max(100, o.sessionTimeout().toMillis() / 6) + "ms");
        settings.putAll(o.workerSettings());
        settings.forEach((k, v) -> args.addAll(List.of("--setting", k + "=" + v)));
        return args;
    }

    /**
     * Each slot has a datadir of its own, kept across the slot's restarts: with {@code store=rocksdb://} a
     * restarted worker finds its tables on disk (and its worker id, so it rejoins as the same member).
     */
    private List<String> withDatadir(List<String> args, String slot) {
        List<String> mine = new ArrayList<>(args);
        if (!o.workerSettings().containsKey("datadir")) {
            mine.addAll(List.of("--setting", "datadir=" + dir.resolve(slot + "-data").toAbsolutePath()));
        }
        return mine;
    }

    private void startWorkers() throws InterruptedException {
        List<String> args = workerArgs();
        out.println("workers: " + String.join(" ", o.workerJvmOptions()) + " " + ChaosWorker.class.getName() + " "
                + String.join(" ", args));
        for (int s = 0; s < o.workers(); s++) {
            String slot = WorkerProcess.slotName(s, false);
            WorkerProcess w = new WorkerProcess(slot, dir, o.workerJvmOptions(), withDatadir(args, slot));
            workers.add(w);
            w.start();
        }
        String churnSlot = WorkerProcess.slotName(o.workers(), true);
        churn = new WorkerProcess(churnSlot, dir, o.workerJvmOptions(), withDatadir(args, churnSlot));
        long startedAt = System.nanoTime();
        while (!workers.stream().allMatch(WorkerProcess::printedReady)) {
            if (System.nanoTime() - startedAt > READY_TIMEOUT_NANOS) {
                throw new IllegalStateException("the workers did not start within " + READY_TIMEOUT_NANOS / 1_000_000_000
                        + " s; see " + workers.stream().map(w -> w.currentLog().orElseThrow().toString())
                        .collect(Collectors.joining(", ")));
            }
            Thread.sleep(TICK_MILLIS);
            tick();
        }
        out.printf(Locale.ROOT, "%d worker(s) ready in %.1f s: %s%n", workers.size(), (System.nanoTime() - startedAt) / 1e9,
                workers.stream().map(w -> w.name() + " pid " + w.pid()).collect(Collectors.joining(", ")));
    }

    private void inject(FaultPlan.Fault fault) throws InterruptedException, java.io.IOException {
        switch (fault.kind()) {
            case KILL -> kill(fault.slot());
            case RESTART -> {
                WorkerProcess target = !workers.get(fault.slot()).isUp() ? workers.get(fault.slot())
                        : workers.stream().filter(w -> !w.isUp()).findFirst().orElse(null);
                if (target == null) {
                    log("RESTART skipped: every worker is up");
                    return;
                }
                restart(target);
                restarts++;
            }
            case PAUSE -> pause(fault.slot());
            case RESUME -> {
                WorkerProcess target = workers.get(fault.slot());
                Long pid = pausedPids.remove(fault.slot());
                if (pid != null && pid == target.pid()) {
                    target.signal("CONT");
                    log("RESUME " + target.name() + " (kill -CONT, pid " + pid + ")");
                }
            }
            case BROKER_STOP -> {
                broker.stop();
                brokerRestarts++;
                log("BROKER stopped");
            }
            case BROKER_START -> {
                startBroker();
                log("BROKER started again at " + broker.brokerUrl());
            }
            case CHURN_JOIN -> {
                if (churn.isUp()) {
                    churn.stop();
                }
                churn.start();
                churnJoins++;
                log("CHURN " + churn.name() + " joins (pid " + churn.pid() + ")");
            }
            case CHURN_LEAVE -> churnLeave("");
        }
    }

    /** SIGKILL to the planned worker, or to another one that is up if it is not. */
    private void kill(int slot) throws InterruptedException {
        WorkerProcess target = workers.get(slot).isUp() ? workers.get(slot)
                : workers.stream().filter(WorkerProcess::isUp).findFirst().orElse(null);
        if (target == null) {
            log("KILL skipped: no worker is up");
            return;
        }
        String when = clock();
        long pid = target.pid();
        target.kill();
        restartsDue.remove(target);
        kills++;
        out.println(when + " KILL -9 " + target.name() + " (pid " + pid + ")");
    }

    private void pause(int slot) throws InterruptedException, java.io.IOException {
        WorkerProcess target = workers.get(slot);
        if (!target.keepsRunning()) {
            log("PAUSE skipped: " + target.name() + " is not running");
            return;
        }
        target.signal("STOP");
        pausedPids.put(slot, target.pid());
        pauses++;
        log("PAUSE " + target.name() + " (kill -STOP, pid " + target.pid() + ")");
    }

    private void churnLeave(String why) {
        if (churn.keepsRunning()) {
            churn.terminate();
            churnLeaves++;
            log("CHURN " + churn.name() + " leaves (SIGTERM, pid " + churn.pid() + ")" + why);
        }
    }

    private void startBroker() throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                broker.start();
                return;
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
                log("the broker did not start (" + e.getMessage().lines().findFirst().orElse("") + "); trying again");
                Thread.sleep(1_000);
            }
        }
    }

    private void restart(WorkerProcess w) {
        restartsDue.remove(w);
        w.start();
        log("RESTART " + w.name() + " (pid " + w.pid() + ", log " + w.currentLog().orElseThrow().getFileName() + ")");
    }

    private void ensureWorkersUp() throws java.io.IOException, InterruptedException {
        for (var paused : pausedPids.entrySet()) {
            workers.get(paused.getKey()).signal("CONT");
        }
        pausedPids.clear();
        for (WorkerProcess w : workers) {
            if (!w.isUp()) {
                restart(w);
                restarts++;
            }
        }
        churnLeave(" at the end of the window");
    }

    private void stopWorkers() throws InterruptedException {
        log("stopping the workers (SIGTERM, warm stop)");
        Stream.concat(workers.stream(), Stream.of(churn)).forEach(WorkerProcess::terminate);
        for (WorkerProcess w : workers) {
            int code = w.stop();
            if (code != 0 && code != 143) {
                log(w.name() + " exited with code " + code + " on its warm stop; log " + w.currentLog().orElseThrow());
            }
        }
        churn.stop();
    }

    // ---- waiting ----

    /** Watches the workers: one that exited by itself is reported and, if it is a regular one, restarted. */
    private void tick() {
        long now = System.nanoTime();
        for (WorkerProcess w : Stream.concat(workers.stream(), Stream.ofNullable(churn)).toList()) {
            OptionalInt exit = w.unexpectedExit();
            if (exit.isEmpty()) {
                continue;
            }
            Optional<String> refusal = w.refusal();
            if (refusal.isPresent()) {
                throw new Refused("worker " + w.name() + " refused to start: " + refusal.get().substring(
                        ChaosWorker.REFUSED.length()).strip());
            }
            String what = String.format(Locale.ROOT, "%s %s exited by itself with code %d (log %s)", clock(), w.name(),
                    exit.getAsInt(), w.currentLog().orElseThrow());
            unplannedExits.add(what);
            out.println(what + (w == churn ? "" : "; restarting it in 1 s"));
            if (w != churn) {
                restartsDue.put(w, now + UNPLANNED_RESTART_DELAY_NANOS);
            }
        }
        for (WorkerProcess w : new ArrayList<>(restartsDue.keySet())) {
            if (now >= restartsDue.get(w) && !w.isUp()) {
                restart(w);
            }
        }
        if (t0 != 0 && now >= nextProgress) {
            nextProgress = now + 5_000_000_000L;
            progress();
        }
    }

    private void progress() {
        String lag = broker.isUp() ? kafka.lag(ChaosApp.ID, o.partitions())
                .map(l -> String.format(Locale.ROOT, "lag orders %,d repartition %s", l.orders(),
                        l.repartition() < 0 ? "-" : String.format(Locale.ROOT, "%,d", l.repartition())))
                .orElse("lag unknown (broker not answering)") : "broker down";
        String up = Stream.concat(workers.stream(), Stream.ofNullable(churn)).filter(WorkerProcess::isUp)
                .map(w -> pausedPids.containsValue(w.pid()) ? w.name() + "(paused)" : w.name())
                .collect(Collectors.joining(" "));
        out.printf(Locale.ROOT, "%s produced %,d of %,d; %s; workers up: %s%n", clock(), producer.acked(), o.orders(), lag,
                up.isEmpty() ? "none" : up);
    }

    private void waitUntil(long nanos) throws InterruptedException {
        while (System.nanoTime() < nanos) {
            Thread.sleep(Math.max(1, Math.min(TICK_MILLIS, (nanos - System.nanoTime()) / 1_000_000)));
            tick();
        }
    }

    private void awaitProduction() throws InterruptedException {
        long deadline = System.nanoTime() + o.drainTimeout().toNanos();
        while (!producer.isDone()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("production did not finish within " + o.drainTimeout().toSeconds()
                        + " s after the fault window: " + producer.acked() + " of " + o.orders() + " acknowledged");
            }
            Thread.sleep(TICK_MILLIS);
            tick();
        }
        log(String.format(Locale.ROOT, "production done: %,d acknowledged, %,d failed%s%s", producer.acked(),
                producer.failed(), o.deadLetters() ? String.format(Locale.ROOT, "; %,d poison pill(s) and %,d refused"
                        + " order(s) among the sends", producer.poisonPills(), producer.refused()) : "",
                producer.firstError() == null ? "" : " (first error: " + producer.firstError() + ")"));
    }

    /**
     * Waits until the group has committed every record of both topics (twice in a row), or the timeout;
     * returns a lag of zero when it has, else the last lag seen.
     */
    private Optional<ChaosKafka.Lag> drain() throws InterruptedException {
        log("draining: waiting until the group has committed everything");
        long deadline = System.nanoTime() + o.drainTimeout().toNanos();
        Optional<ChaosKafka.Lag> last = Optional.empty();
        int done = 0;
        while (System.nanoTime() < deadline) {
            waitUntil(System.nanoTime() + 1_000_000_000L);
            last = kafka.lag(ChaosApp.ID, o.partitions());
            boolean empty = last.map(l -> l.caughtUp() || l.nearlyCaughtUp() && kafka.nothingLeftIn(l.behind()))
                    .orElse(false);
            done = empty ? done + 1 : 0;
            if (done == 2) {
                log("drained: the group has committed every record of orders and of the repartition topic");
                return Optional.of(new ChaosKafka.Lag(0, 0, Map.of(), List.of()));
            }
        }
        log("NOT DRAINED within " + o.drainTimeout().toSeconds() + " s: " + last.map(l -> "behind on " + l.behind().entrySet()
                .stream().map(e -> e.getKey() + " committed " + e.getValue()[0] + " end " + e.getValue()[1])
                .collect(Collectors.joining(", ")) + (l.openTransactions().isEmpty() ? ""
                        : "; transactions still open on " + l.openTransactions())).orElse("the broker does not answer"));
        return last;
    }

    // ---- output ----

    private String clock() {
        return t0 == 0 ? "   setup" : String.format(Locale.ROOT, "t=%6.1fs", (System.nanoTime() - t0) / 1e9);
    }

    private void log(String message) {
        out.println(clock() + " " + message);
    }

    /** The 1-minute load average (Linux), to tell a run on a busy machine. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // only disk space is at stake
        }
    }
}
