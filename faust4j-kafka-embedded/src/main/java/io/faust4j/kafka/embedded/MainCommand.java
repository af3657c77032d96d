package io.faust4j.kafka.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.StandardFaultHandlerFactory;

/** {@link EmbeddedKafka#main}: parse the arguments, run a broker, print READY, wait to be killed. */
final class MainCommand {
    private static final String USAGE =
            "usage: EmbeddedKafka [--port N] [--data-dir DIR] [--config key=value]... [--parent-pid PID]";

    private MainCommand() {
    }

    record Args(int port, Optional<Path> dataDir, Map<String, String> config, Optional<Long> parentPid) {
    }

    static void run(String[] argv) {
        Args args;
        try {
            args = parse(argv);
            // validates the port and the config keys before anything starts
            new EmbeddedKafka.Options(args.dataDir(), args.port(), args.config(), false);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Optional<Path> tempDir = args.dataDir().isPresent() ? Optional.empty() : Optional.of(DataDirs.createTemp());
        Path dir = args.dataDir().map(DataDirs::ensure).orElseGet(tempDir::orElseThrow);
        InProcessBroker broker;
        try {
            // its own JVM: a fatal fault ends the process, as in a standalone broker
            broker = InProcessBroker.start(dir, args.port(), args.config(), new StandardFaultHandlerFactory());
        } catch (RuntimeException e) {
            tempDir.ifPresent(DataDirs::delete);
            e.printStackTrace();
            System.exit(1); // the failed broker may have left non-daemon threads behind
            return;
        }
        var stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            broker.stop();
            tempDir.ifPresent(DataDirs::delete);
        }, "faust4j-kafka-shutdown"));
        args.parentPid().flatMap(ProcessHandle::of).ifPresent(parent ->
                parent.onExit().thenRun(() -> System.exit(0)));
        System.out.println("READY kafka://" + BrokerSettings.HOST + ":" + broker.port());
        System.out.flush();
        broker.awaitStop();
        // here only when the broker stopped by itself (a fatal error): say so with the exit code
        if (!stopping.get()) {
            System.exit(1);
        }
    }

    static Args parse(String[] argv) {
        int port = 0;
        Optional<Path> dataDir = Optional.empty();
        Optional<Long> parentPid = Optional.empty();
        var config = new LinkedHashMap<String, String>();
        for (int i = 0; i < argv.length; i++) {
            String name = argv[i];
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException("Missing value after " + name);
            }
            String value = argv[++i];
            switch (name) {
                case "--port" -> port = parsePort(value);
                case "--data-dir" -> dataDir = Optional.of(Path.of(value));
                case "--parent-pid" -> parentPid = Optional.of(parseNumber(name, value));
                case "--config" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("Invalid --config " + value + ": expected key=value");
                    }
                    config.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("Unknown argument " + name);
            }
        }
        return new Args(port, dataDir, config, parentPid);
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid --port " + value + ": expected a number from 0 (a free port) to 65535");
        }
    }

    private static Long parseNumber(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + name + " " + value + ": expected a number");
        }
    }
}
