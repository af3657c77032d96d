package io.faust4j.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One worker slot of a run ({@code w1}, {@code w2}, ..., and {@code c1} for the churn worker): its
 * current JVM, and one log file per start ({@code w1-1.log}, {@code w1-2.log}, ...).
 */
final class WorkerProcess {
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final String name;
    private final Path logDir;
    private final List<String> jvmOptions;
    private final List<String> args;
    private final List<Path> logs = new ArrayList<>();
    private Process process;
    private boolean exitExpected;
    private boolean exitReported;

    WorkerProcess(String name, Path logDir, List<String> jvmOptions, List<String> args) {
        this.name = name;
        this.logDir = logDir;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.args = List.copyOf(args);
    }

    static String slotName(int slot, boolean churn) {
        return churn ? "c1" : "w" + (slot + 1);
    }

    String name() {
        return name;
    }

    /** Starts a new JVM for this slot (the previous one must be gone). */
    void start() {
        if (isUp()) {
            throw new IllegalStateException("worker " + name + " is already running");
        }
        Path log = logDir.resolve(name + "-" + (logs.size() + 1) + ".log");
        logs.add(log);
        process = ChildProcesses.startJava(jvmOptions, ChaosWorker.class.getName(), args, log);
        exitExpected = false;
        exitReported = false;
    }

    boolean isUp() {
        return process != null && process.isAlive();
    }

    /** Whether it runs and has not been told to stop. */
    boolean keepsRunning() {
        return isUp() && !exitExpected;
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    /** {@code kill -9}: {@link Process#destroyForcibly()} sends SIGKILL on Linux. */
    void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        exitExpected = true;
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends a signal with the {@code kill} command: {@code STOP} freezes the JVM, {@code CONT} lets it run on. */
    void signal(String signal) throws java.io.IOException, InterruptedException {
        if (isUp()) {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        }
    }

    /** SIGTERM (a warm stop: the worker commits and leaves its group) without waiting for the exit. */
    void terminate() {
        if (process != null && process.isAlive()) {
            exitExpected = true;
            process.destroy();
        }
    }

    /** SIGTERM, then waits for the exit; SIGKILL after 30 s. Returns the exit code, or -1 if none ran. */
    int stop() throws InterruptedException {
        if (process == null) {
            return -1;
        }
        terminate();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** The exit code of a JVM that ended without being killed or stopped, reported once. */
    OptionalInt unexpectedExit() {
        if (process == null || process.isAlive() || exitExpected || exitReported) {
            return OptionalInt.empty();
        }
        exitReported = true;
        return OptionalInt.of(process.exitValue());
    }

    /** The worker's {@code REFUSED} line, if its settings were refused at start. */
    Optional<String> refusal() {
        return currentLog().flatMap(log -> lines(log).stream().filter(l -> l.startsWith(ChaosWorker.REFUSED)).findFirst());
    }

    boolean printedReady() {
        return currentLog().map(log -> lines(log).stream().anyMatch(l -> l.startsWith(ChaosWorker.READY))).orElse(false);
    }

    Optional<Path> currentLog() {
        return logs.isEmpty() ? Optional.empty() : Optional.of(logs.get(logs.size() - 1));
    }

    List<Path> logs() {
        return List.copyOf(logs);
    }

    private static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
