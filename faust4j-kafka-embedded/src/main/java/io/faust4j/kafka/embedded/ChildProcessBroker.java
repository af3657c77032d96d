package io.faust4j.kafka.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker in a child JVM running {@link EmbeddedKafka#main}: started with this JVM's java binary and
 * class path, ready when it prints its {@code READY} line, stopped with SIGTERM (then SIGKILL).
 * The child also exits by itself when this JVM dies.
 */
final class ChildProcessBroker implements Broker {
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessBroker.class);
    private static final Pattern READY = Pattern.compile("READY kafka://127\\.0\\.0\\.1:(\\d+)");
    private static final long READY_TIMEOUT_SECONDS = 30;
    private static final long STOP_TIMEOUT_SECONDS = 30;
    private static final int KEPT_LINES = 40;
    static final String JVM_OPTIONS_PROPERTY = "faust4j.kafka.embedded.jvmOptions";
    private static final List<String> DEFAULT_JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final int port;

    private ChildProcessBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the child and waits (bounded) for its {@code READY} line; kills it and throws if none comes. */
    static ChildProcessBroker start(Path dataDir, int port, Map<String, String> overrides) {
        var command = command(dataDir, port, overrides);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the broker JVM: " + String.join(" ", command), e);
        }
        var output = new Output();
        var ready = new CompletableFuture<Integer>();
        Thread.ofPlatform().daemon().name("faust4j-kafka-child-" + process.pid()).start(() -> drain(process, output, ready));
        try {
            int boundPort = ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new ChildProcessBroker(process, boundPort);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new IllegalStateException("Interrupted while waiting for the broker JVM to start", e);
        } catch (TimeoutException e) {
            kill(process);
            throw new IllegalStateException("The broker JVM did not print READY within " + READY_TIMEOUT_SECONDS
                    + " s. Its last output:\n" + output.last());
        } catch (ExecutionException e) {
            String exit = exitCode(process).map(code -> "exited with code " + code).orElse("closed its output");
            kill(process);
            throw new IllegalStateException("The broker JVM " + exit + " before it was ready. Its last output:\n"
                    + output.last());
        }
    }

    @Override
    public int port() {
        return port;
    }

    /** The child JVM. */
    ProcessHandle process() {
        return process.toHandle();
    }

    /** SIGTERM, so the child shuts the broker down cleanly; SIGKILL if that takes too long. */
    @Override
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("The broker JVM {} did not stop within {} s; killing it", process.pid(), STOP_TIMEOUT_SECONDS);
                kill(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
        }
    }

    private static List<String> command(Path dataDir, int port, Map<String, String> overrides) {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions());
        command.addAll(List.of("-Djava.awt.headless=true", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            // kafka-clients unmaps index files through sun.misc.Unsafe; JDK 24+ warns about it on stderr
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmbeddedKafka.class.getName(),
                "--port", Integer.toString(port),
                "--data-dir", dataDir.toAbsolutePath().toString(),
                "--parent-pid", Long.toString(ProcessHandle.current().pid())));
        overrides.forEach((key, value) -> command.addAll(List.of("--config", key + "=" + value)));
        return command;
    }

    /**
     * Heap, GC and JIT options of the child: tuned for a quick start (the C1 compiler only halves the
     * CPU time to READY) unless the {@value #JVM_OPTIONS_PROPERTY} system property replaces them,
     * e.g. with {@code "-Xmx2g"} for a broker that has to run fast for long.
     */
    static List<String> jvmOptions() {
        String configured = System.getProperty(JVM_OPTIONS_PROPERTY, "").strip();
        return configured.isEmpty() ? DEFAULT_JVM_OPTIONS : List.of(configured.split("\\s+"));
    }

    /** Reads the child's output until it ends: completes {@code ready} on the READY line, keeps the rest. */
    private static void drain(Process process, Output output, CompletableFuture<Integer> ready) {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                var matcher = READY.matcher(line.strip());
                if (!ready.isDone() && matcher.matches()) {
                    ready.complete(Integer.parseInt(matcher.group(1)));
                } else {
                    output.add(line);
                    LOG.debug("[broker {}] {}", process.pid(), line);
                }
            }
        } catch (IOException e) {
            LOG.debug("Reading the broker JVM's output failed", e);
        } finally {
            ready.completeExceptionally(new IllegalStateException("the broker JVM's output ended"));
        }
    }

    private static Optional<Integer> exitCode(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines the child printed, for error messages. */
    private static final class Output {
        private final ArrayDeque<String> lines = new ArrayDeque<>();

        synchronized void add(String line) {
            if (lines.size() == KEPT_LINES) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }

        synchronized String last() {
            return lines.isEmpty() ? "(nothing)" : String.join("\n", lines);
        }
    }
}
