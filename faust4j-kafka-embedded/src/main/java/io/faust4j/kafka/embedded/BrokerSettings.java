package io.faust4j.kafka.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The broker configuration of a single combined broker+controller node: defaults that suit one node
 * on loopback, the settings this module manages itself, and the user's overrides on top.
 */
final class BrokerSettings {
    static final int NODE_ID = 1;
    static final String HOST = "127.0.0.1";
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Keys that decide where the node listens and keeps data; {@link EmbeddedKafka.Options} sets them. */
    static final Set<String> MANAGED = Set.of(
            "process.roles", "node.id", "broker.id", "listeners", "advertised.listeners",
            "listener.security.protocol.map", "controller.listener.names", "inter.broker.listener.name",
            "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "log.dir", "log.dirs", "metadata.log.dir");

    /** Defaults for one node: replication factors of 1, no auto-created topics, few threads. */
    static final Map<String, String> DEFAULTS = defaults();

    private BrokerSettings() {
    }

    private static Map<String, String> defaults() {
        var d = new LinkedHashMap<String, String>();
        // one node: every internal topic has one replica
        d.put("offsets.topic.replication.factor", "1");
        d.put("offsets.topic.num.partitions", "5");
        d.put("transaction.state.log.replication.factor", "1");
        d.put("transaction.state.log.min.isr", "1");
        d.put("transaction.state.log.num.partitions", "5");
        // a killed client's open transaction is aborted within a second of its timeout, not ten
        d.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        d.put("share.coordinator.state.topic.replication.factor", "1");
        d.put("share.coordinator.state.topic.min.isr", "1");
        d.put("default.replication.factor", "1");
        d.put("min.insync.replicas", "1");
        // faust4j declares its topics; a topic nobody created is an error, not a surprise
        d.put("auto.create.topics.enable", "false");
        d.put("num.partitions", "1");
        d.put("group.initial.rebalance.delay.ms", "0");
        // small segments so compaction and retention are visible in development
        d.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        d.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        // a development box, not a data centre: fewer threads start faster and use less memory
        d.put("num.network.threads", "2");
        d.put("num.io.threads", "4");
        d.put("background.threads", "2");
        d.put("num.replica.fetchers", "1");
        d.put("num.recovery.threads.per.data.dir", "1");
        d.put("log.cleaner.threads", "1");
        d.put("group.coordinator.threads", "1");
        d.put("share.coordinator.threads", "1");
        d.put("remote.log.manager.thread.pool.size", "1");
        // reach "unfenced" sooner after start, and give up instead of hanging forever
        d.put("broker.heartbeat.interval.ms", "500");
        d.put("server.max.startup.time.ms", "60000");
        return Map.copyOf(d);
    }

    /** Where the topic partitions live. */
    static Path logDir(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("logs");
    }

    /** Where the KRaft metadata log ({@code __cluster_metadata}) lives. */
    static Path metadataDir(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("metadata");
    }

    /** The full configuration of a node listening on the given ports, with {@code overrides} applied last. */
    static Map<String, String> of(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        var props = new LinkedHashMap<>(DEFAULTS);
        props.putAll(overrides);
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + port + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        // a static quorum of one voter: its address lives in the config, not in the metadata log,
        // so a kept data directory can be restarted on different free ports
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        // two directories, so Kafka locks the metadata log before the controller writes to it (with
        // one shared directory the lock comes later, with the broker, and a second node on the same
        // directory could append to the first one's metadata log before failing)
        props.put("log.dirs", logDir(dataDir).toString());
        props.put("metadata.log.dir", metadataDir(dataDir).toString());
        return props;
    }
}
