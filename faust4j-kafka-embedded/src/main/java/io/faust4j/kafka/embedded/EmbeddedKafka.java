package io.faust4j.kafka.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) for development and tests,
 * on 127.0.0.1 and a free port, in this JVM or in a child JVM; its client listener can be secured with
 * SASL, TLS and ACLs ({@link Options#security}, {@link ListenerSecurity}, {@link CertificateAuthority}).
 *
 * <pre>{@code
 * try (var kafka = EmbeddedKafka.start()) {
 *     var app = App.create("orders", s -> s.broker(kafka.brokerUrl()));
 *     ...
 * }
 * }</pre>
 *
 * <p>Topics are not created on first use ({@code auto.create.topics.enable=false}): create them with an
 * {@code Admin} client, as faust4j does.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final Broker broker;
    private final Path dataDir;
    private final Optional<Path> tempDir;
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafka(Broker broker, Path dataDir, Optional<Path> tempDir) {
        this.broker = broker;
        this.dataDir = dataDir;
        this.tempDir = tempDir;
        this.shutdownHook = new Thread(this::stop, "faust4j-kafka-shutdown-" + broker.port());
    }

    /**
     * How to start a broker.
     *
     * @param dataDir where the broker keeps its data; kept after {@link #close()}. Empty for a
     *                temporary directory that {@code close()} deletes
     * @param port the PLAINTEXT port on 127.0.0.1, or 0 for a free one chosen at start
     * @param brokerConfig broker settings applied over the defaults (e.g. {@code log.retention.ms});
     *                     the listeners, node id, roles, quorum and directories are managed and
     *                     cannot be set here
     * @param childProcess run the broker in a child JVM instead of this one
     * @param security how the client listener is secured (SASL, TLS, ACLs); empty for plain text with
     *                 no authentication. In-process brokers only
     */
    public record Options(Optional<Path> dataDir, int port, Map<String, String> brokerConfig, boolean childProcess,
                          Optional<ListenerSecurity> security) {
        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(security, "security");
            if (childProcess && security.isPresent()) {
                throw new IllegalArgumentException("Invalid options: a secured listener (" + security.get()
                        + ") needs an in-process broker, not childProcess(true)");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Invalid port " + port + ": expected 0 (a free port) to 65535");
            }
            for (var key : brokerConfig.keySet()) {
                if (BrokerSettings.MANAGED.contains(key)) {
                    throw new IllegalArgumentException("Invalid broker config " + key
                            + ": EmbeddedKafka manages it (managed keys: " + BrokerSettings.MANAGED + ")");
                }
            }
            brokerConfig = Map.copyOf(brokerConfig);
        }

        /** Options with a plain-text listener (no {@code security}). */
        public Options(Optional<Path> dataDir, int port, Map<String, String> brokerConfig, boolean childProcess) {
            this(dataDir, port, brokerConfig, childProcess, Optional.empty());
        }

        /** In this JVM, on a free port, in a temporary directory, with the single-node defaults. */
        public static Options defaults() {
            return new Options(Optional.empty(), 0, Map.of(), false);
        }

        /** A copy that keeps the broker's data in {@code dir} (created if missing) across restarts. */
        public Options dataDir(Path dir) {
            return new Options(Optional.of(dir), port, brokerConfig, childProcess, security);
        }

        /** A copy that listens on a fixed port, or on a free one for 0. */
        public Options port(int newPort) {
            return new Options(dataDir, newPort, brokerConfig, childProcess, security);
        }

        /** A copy with one broker setting added or replaced. */
        public Options config(String key, String value) {
            var copy = new LinkedHashMap<>(brokerConfig);
            copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, () -> "value of " + key));
            return new Options(dataDir, port, copy, childProcess, security);
        }

        /** A copy that runs the broker in a child JVM (true) or in this one (false). */
        public Options childProcess(boolean child) {
            return new Options(dataDir, port, brokerConfig, child, security);
        }

        /**
         * A copy whose client listener is secured as {@code listener} says: SASL users, TLS, client
         * certificates, the authorizer and ACLs ({@link ListenerSecurity#plaintext()} is the default).
         */
        public Options security(ListenerSecurity listener) {
            listener.checkComplete();
            Optional<ListenerSecurity> secured = listener.equals(ListenerSecurity.plaintext())
                    ? Optional.empty() : Optional.of(listener);
            return new Options(dataDir, port, brokerConfig, childProcess, secured);
        }
    }

    /** Starts a broker in this JVM, in a temporary directory, on a free port. */
    public static EmbeddedKafka start() {
        return start(Options.defaults());
    }

    /** Starts a broker as {@code options} say and returns once it accepts clients. */
    public static EmbeddedKafka start(Options options) {
        Optional<Path> tempDir = options.dataDir().isPresent() ? Optional.empty() : Optional.of(DataDirs.createTemp());
        Path dir = options.dataDir().map(DataDirs::ensure).orElseGet(tempDir::orElseThrow);
        try {
            Broker broker = options.childProcess()
                    ? ChildProcessBroker.start(dir, options.port(), options.brokerConfig())
                    : InProcessBroker.start(dir, options.port(), options.brokerConfig(), options.security(),
                            new InProcessFaults());
            var kafka = new EmbeddedKafka(broker, dir, tempDir);
            Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
            return kafka;
        } catch (RuntimeException e) {
            tempDir.ifPresent(DataDirs::delete);
            throw e;
        }
    }

    /** The address for Kafka clients' {@code bootstrap.servers}: {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return BrokerSettings.HOST + ":" + broker.port();
    }

    /** The address for faust4j's {@code broker} setting: {@code kafka://127.0.0.1:<port>}. */
    public String brokerUrl() {
        return "kafka://" + bootstrapServers();
    }

    /** Stops the broker (and its JVM in child-process mode) and deletes a temporary data directory. */
    @Override
    public void close() {
        if (stop()) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down; the hook has run or is running
            }
        }
    }

    /** The directory the broker keeps its data in (for tests of this module). */
    Path dataDir() {
        return dataDir;
    }

    /** The running broker (for tests of this module). */
    Broker broker() {
        return broker;
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + brokerUrl() + "]";
    }

    /** Stops once; true for the call that stopped it. */
    private boolean stop() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            try {
                broker.stop();
            } finally {
                tempDir.ifPresent(DataDirs::delete);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a broker in the foreground until the process is killed (SIGTERM stops it cleanly). Prints
     * exactly one line {@code READY kafka://127.0.0.1:<port>} on standard output once clients can
     * connect. Arguments: {@code --port N} (default 0, a free port), {@code --data-dir DIR} (default
     * a temporary directory, deleted on exit), {@code --config key=value} (repeatable) and
     * {@code --parent-pid PID} (exit when that process does).
     */
    public static void main(String[] args) {
        MainCommand.run(args);
    }
}
