package io.faust4j.bench.chaos;

import ch.qos.logback.classic.Level;
import io.faust4j.ConfigurationException;
import io.faust4j.Worker;
import io.faust4j.WorkerStats;
import io.faust4j.internal.WorkerImpl;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * One worker of the chaos harness, run in its own JVM by {@link Chaos}: starts {@link ChaosApp} on the
 * broker given on the command line and runs until SIGTERM (a warm stop) or SIGKILL.
 *
 * <pre>
 * java -cp ... io.faust4j.bench.chaos.ChaosWorker --broker kafka://127.0.0.1:PORT
 *      [--guarantee at_least_once|exactly_once] [--parent-pid PID] [--setting name=value]...
 * </pre>
 *
 * <p>Prints {@code READY <pid> partitions=[...]} once started, a stats line every few seconds, and exits
 * 0 after a warm stop, 1 when the worker fails, 2 when the settings are refused (for example a guarantee
 * the engine does not provide yet), 3 when the parent process is gone.
 */
public final class ChaosWorker {
    static final String READY = "READY";
    static final String REFUSED = "REFUSED";
    static final int EXIT_FAILED = 1;
    static final int EXIT_REFUSED = 2;
    static final int EXIT_ORPHANED = 3;
    private static final long STATS_EVERY_MILLIS = 5_000;

    private ChaosWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> settings = new LinkedHashMap<>();
        Optional<Long> parent = Optional.empty();
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--broker" -> settings.put("broker", value);
                    case "--guarantee" -> settings.put("processing_guarantee", value);
                    case "--parent-pid" -> parent = Optional.of(Long.parseLong(value));
                    case "--setting" -> {
                        int eq = value.indexOf('=');
                        if (eq < 1) {
                            throw new IllegalArgumentException("--setting " + value + ": expected name=value");
                        }
                        settings.put(value.substring(0, eq), value.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (!settings.containsKey("broker")) {
                throw new IllegalArgumentException("--broker kafka://host:port is required");
            }
        } catch (IllegalArgumentException e) {
            System.out.println(REFUSED + " bad arguments: " + e.getMessage());
            System.exit(EXIT_REFUSED);
        }
        parent.ifPresent(ChaosWorker::exitWithParent);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.faust4j")).setLevel(Level.INFO);
        long pid = ProcessHandle.current().pid();
        System.out.println(Instant.now() + " starting worker pid " + pid + " with " + settings);

        Worker worker;
        try {
            worker = ChaosApp.create(s -> settings.forEach(s::set)).app().start();
        } catch (ConfigurationException e) {
            System.out.println(REFUSED + " " + e.getMessage());
            System.exit(EXIT_REFUSED);
            return;
        } catch (RuntimeException e) {
            System.out.println(Instant.now() + " the worker did not start: " + e);
            e.printStackTrace(System.out);
            System.exit(EXIT_FAILED);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println(Instant.now() + " SIGTERM: stopping warmly; " + worker.stats());
            worker.stop();
            System.out.println(Instant.now() + " stopped; " + worker.stats());
        }, "chaos-worker-stop"));
        System.out.println(READY + " " + pid + " partitions=" + worker.assignedPartitions());
        long nextStats = System.currentTimeMillis() + STATS_EVERY_MILLIS;
        while (worker.isRunning()) {
            Thread.sleep(100);
            if (System.currentTimeMillis() >= nextStats) {
                nextStats += STATS_EVERY_MILLIS;
                printStats(worker);
            }
        }
        Throwable failure = worker instanceof WorkerImpl impl ? impl.failure() : null;
        if (failure != null) {
            System.out.println(Instant.now() + " the worker failed: " + failure);
            failure.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(EXIT_FAILED);
        }
    }

    private static void printStats(Worker worker) {
        WorkerStats s = worker.stats();
        System.out.printf("%s stats partitions=%s events=%d commits=%d changelog=%d recovered=%d decode_errors=%d"
                        + " agent_errors=%d%n", Instant.now(), worker.assignedPartitions(), s.eventsProcessed(), s.commits(),
                s.changelogRecords(), s.recoveredRecords(), s.decodeErrors(), s.agentErrors());
    }

    /** Halts this JVM when the harness is gone (even killed), so no worker outlives it. */
    private static void exitWithParent(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            Runtime.getRuntime().halt(EXIT_ORPHANED);
        }
        Thread.ofPlatform().daemon().name("chaos-parent-watch").start(() -> {
            while (handle.get().isAlive()) {
                try {
                    Thread.sleep(Duration.ofMillis(500));
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.out.println(Instant.now() + " the harness (pid " + pid + ") is gone: halting");
            Runtime.getRuntime().halt(EXIT_ORPHANED);
        });
    }
}
