package io.faust4j.kafka.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.FaultHandlerFactory;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A combined broker+controller node running in this JVM. It is put together the way
 * {@code kafka.server.KafkaRaftServer} (what {@code kafka-server-start.sh} runs) does it, with two
 * differences taken from Kafka's own test kit: listening sockets bound before start
 * ({@link PreboundSockets}) and a fault handler of our choosing ({@link InProcessFaults}), and on
 * storage formatted the way {@code kafka-storage.sh format} does it.
 */
final class InProcessBroker implements Broker {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessBroker.class);

    private final ControllerServer controller;
    private final BrokerServer broker;
    private final int port;

    private InProcessBroker(ControllerServer controller, BrokerServer broker, int port) {
        this.controller = controller;
        this.broker = broker;
        this.port = port;
    }

    /**
     * Formats {@code dataDir} unless it already holds a broker's data, starts a node on it and returns
     * once the broker accepts clients. A port of 0 picks a free one.
     *
     * @param faults what happens on a fatal fault: {@link InProcessFaults} in a shared JVM,
     *               {@code StandardFaultHandlerFactory} (exit the process) in a broker's own one
     */
    static InProcessBroker start(Path dataDir, int port, Map<String, String> overrides, FaultHandlerFactory faults) {
        return start(dataDir, port, overrides, Optional.empty(), faults);
    }

    /**
     * As {@link #start(Path, int, Map, FaultHandlerFactory)}, with the client listener secured as
     * {@code security} says (then the node has three listeners: see {@link SecuredBrokerSettings}); its
     * users and ACLs exist when this returns.
     */
    static InProcessBroker start(Path dataDir, int port, Map<String, String> overrides,
                                 Optional<ListenerSecurity> security, FaultHandlerFactory faults) {
        var sockets = security.isPresent() ? PreboundSockets.bind(SecuredBrokerSettings.LISTENERS, port)
                : PreboundSockets.bind(port);
        String brokerPassword = CertificateAuthority.newPassword();
        int clientPort = security.isPresent() ? sockets.port(SecuredBrokerSettings.CLIENT_LISTENER) : sockets.brokerPort();
        Metrics metrics = null;
        ControllerServer controller = null;
        BrokerServer broker = null;
        try {
            var config = config(security.isPresent()
                    ? SecuredBrokerSettings.of(dataDir, sockets, overrides, security.get(), brokerPassword)
                    : BrokerSettings.of(dataDir, sockets.brokerPort(), sockets.controllerPort(), overrides));
            boolean formattedBefore = existingClusterId(dataDir).isPresent();
            format(config, dataDir, security.map(SecuritySetup::scramRecords).orElse(List.of()));
            var dirs = KafkaRaftServer.initializeLogDirs(config, LOG, "[EmbeddedKafka] ");
            var metaProperties = dirs._1();
            metrics = Server.initializeMetrics(config, Time.SYSTEM, metaProperties.clusterId().orElseThrow());
            var shared = new SharedServer(config, metaProperties, Time.SYSTEM, metrics,
                    CompletableFuture.completedFuture(QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
                    QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
                    faults, sockets);
            controller = new ControllerServer(shared, KafkaRaftServer.configSchema(), dirs._2());
            broker = new BrokerServer(shared);
            controller.startup(); // locks the metadata directory first
            broker.startup();     // returns once the controller has unfenced the broker
            if (security.isPresent()) {
                SecuritySetup.apply(security.get(), sockets.port(SecuredBrokerSettings.INTERNAL_LISTENER),
                        brokerPassword, formattedBefore);
            }
            return new InProcessBroker(controller, broker, clientPort);
        } catch (RuntimeException e) {
            stopQuietly(controller, broker);
            if (metrics != null) {
                metrics.close();
            }
            sockets.close();
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalStateException("The Kafka broker on " + BrokerSettings.HOST + ":" + clientPort
                    + " (data in " + dataDir + ") did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void stop() {
        broker.shutdown();
        controller.shutdown();
        awaitStop();
    }

    /** Blocks until the node has stopped (by {@link #stop()} from another thread). */
    void awaitStop() {
        broker.awaitShutdown();
        controller.awaitShutdown();
    }

    private static KafkaConfig config(Map<String, String> props) {
        try {
            return new KafkaConfig(props, false);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("Invalid broker config: " + e.getMessage(), e);
        }
    }

    private static void format(KafkaConfig config, Path dataDir, List<ApiMessageAndVersion> bootstrapRecords) {
        var formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(BrokerSettings.NODE_ID)
                .setClusterId(existingClusterId(dataDir).orElseGet(() -> Uuid.randomUuid().toString()))
                .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(config.metadataLogDir())
                .setUnstableFeatureVersionsEnabled(config.unstableFeatureVersionsEnabled())
                .setIgnoreFormatted(true);
        if (!bootstrapRecords.isEmpty()) {
            formatter.setAdditionalBootstrapRecords(bootstrapRecords);
        }
        formatter.addDirectory(BrokerSettings.logDir(dataDir).toString());
        formatter.addDirectory(BrokerSettings.metadataDir(dataDir).toString());
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the broker data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** The cluster id of a directory a broker has used before: a kept directory is reused as it is. */
    private static Optional<String> existingClusterId(Path dataDir) {
        Path meta = BrokerSettings.metadataDir(dataDir).resolve("meta.properties");
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        var props = new Properties();
        try (var in = Files.newInputStream(meta)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + meta, e);
        }
        return Optional.ofNullable(props.getProperty("cluster.id"));
    }

    private static void stopQuietly(ControllerServer controller, BrokerServer broker) {
        try {
            if (broker != null) {
                broker.shutdown();
            }
            if (controller != null) {
                controller.shutdown();
            }
        } catch (RuntimeException e) {
            LOG.debug("Stopping a broker that failed to start failed too", e);
        }
    }
}
