package io.faust4j.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts the harness's worker JVMs (the {@code java} of this JVM, its class path, output to a log file)
 * and keeps every one it started, so that {@link #killAll()} (called at the end of each run, by tests
 * whatever their outcome, and by a JVM shutdown hook) leaves none behind. The workers also halt by
 * themselves when this JVM dies ({@code --parent-pid}), as the embedded broker's child JVM does.
 */
final class ChildProcesses {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "chaos-kill-children"));
    }

    private ChildProcesses() {
    }

    /** Starts {@code mainClass} with {@code args} in a new JVM with this class path; output to {@code log}. */
    static Process startJava(List<String> jvmOptions, String mainClass, List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            LIVE.add(process);
            process.onExit().thenRun(() -> LIVE.remove(process));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + String.join(" ", command), e);
        }
    }

    /** SIGKILL to every child still running, then waits (bounded) until they are gone. */
    static void killAll() {
        List<Process> killed = new ArrayList<>(LIVE);
        killed.forEach(Process::destroyForcibly);
        for (Process p : killed) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** How many started children are still running. */
    static int running() {
        return (int) LIVE.stream().filter(Process::isAlive).count();
    }
}
