package io.faust4j.kafka;

import io.faust4j.ConfigurationException;
import io.faust4j.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The kafka-clients properties of an app's admin client, producer, group consumer and changelog reader,
 * computed from its settings and nothing else, so every mapping is unit-tested. Bad combinations (SASL
 * without a user, a trust store without TLS) fail here, naming the settings.
 *
 * <p>The maps hold the SASL login (with its password) in {@code sasl.jaas.config}: never log them.
 */
final class KafkaClientConfig {
    static final String SCHEME = "kafka://";
    static final int DEFAULT_PORT = 9092;
    /** Changelog readers poll more per call than the group consumer: recovery is a bulk read. */
    static final int READER_MIN_POLL_RECORDS = 10_000;
    private static final Duration MIN_API_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MIN_DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    private final Settings settings;
    private final String brokerText;
    private final String bootstrapServers;
    private final Map<String, Object> common;
    private final SecurityErrors securityErrors;

    private KafkaClientConfig(Settings settings, String brokerText, String bootstrapServers, Map<String, Object> common) {
        this.settings = settings;
        this.brokerText = brokerText;
        this.bootstrapServers = bootstrapServers;
        this.common = common;
        this.securityErrors = SecurityErrors.of(brokerText, settings);
    }

    /**
     * Checks the broker URLs and the security settings and computes what every client shares.
     *
     * @throws ConfigurationException naming the bad URL or settings
     */
    static KafkaClientConfig of(List<String> brokers, Settings settings) {
        String bootstrap = bootstrapServers(brokers);
        Map<String, Object> common = new LinkedHashMap<>();
        common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        common.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, millis(settings.get(Settings.BROKER_REQUEST_TIMEOUT)));
        security(settings, common);
        return new KafkaClientConfig(settings, String.join(";", brokers), bootstrap, Map.copyOf(common));
    }

    /** The broker URLs as the setting gave them, for messages: {@code kafka://a:9092;kafka://b:9092}. */
    String brokerText() {
        return brokerText;
    }

    /** The {@code security_protocol} setting: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
    String securityProtocol() {
        return settings.get(Settings.SECURITY_PROTOCOL);
    }

    /** Explains refused logins, failed handshakes and missing ACLs of these clients, naming the settings. */
    SecurityErrors securityErrors() {
        return securityErrors;
    }

    /** Kafka's {@code bootstrap.servers}: {@code host:port,host:port}. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    Duration connectTimeout() {
        return settings.get(Settings.BROKER_CONNECT_TIMEOUT);
    }

    Duration requestTimeout() {
        return settings.get(Settings.BROKER_REQUEST_TIMEOUT);
    }

    /** The admin client's properties. */
    Map<String, Object> admin(String clientId) {
        Map<String, Object> props = new LinkedHashMap<>(common);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(max(requestTimeout(), MIN_API_TIMEOUT)));
        return props;
    }

    /** The worker's producer: byte arrays, batching and durability from the {@code producer_*} settings. */
    Map<String, Object> producer(String clientId) {
        Map<String, Object> props = new LinkedHashMap<>(common);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        String acks = settings.get(Settings.PRODUCER_ACKS);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        // idempotence keeps each partition's order through retries; Kafka allows it only with acks=all.
        // Without it, a retried request could land after a later one: one request in flight per broker
        // keeps the order. With it, Kafka's default (5 in flight) is ordering-safe, so it stays.
        boolean idempotent = acks.equals("all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
        if (!idempotent) {
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        }
        Duration linger = settings.get(Settings.PRODUCER_LINGER);
        props.put(ProducerConfig.LINGER_MS_CONFIG, millis(linger));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.get(Settings.PRODUCER_BATCH_SIZE));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.get(Settings.PRODUCER_COMPRESSION_TYPE));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, settings.get(Settings.PRODUCER_MAX_REQUEST_SIZE));
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                millis(max(MIN_DELIVERY_TIMEOUT, linger.plus(requestTimeout()))));
        return props;
    }

    /** How long a transaction may stay open before the broker aborts it (a crashed worker's, for one). */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The worker's transactional producer (exactly-once): the producer's properties plus a transactional
     * id, idempotence and acks=all (Kafka needs both), and a short transaction timeout, as Kafka Streams
     * uses, so the partitions a crashed worker had in an open transaction are readable again soon.
     */
    Map<String, Object> transactionalProducer(String clientId, String transactionalId) {
        if (!settings.get(Settings.PRODUCER_ACKS).equals("all")) {
            throw new ConfigurationException("Invalid setting 'producer_acks' = '" + settings.get(Settings.PRODUCER_ACKS)
                    + "' with processing_guarantee=exactly_once: transactions need acks=all (remove the setting)");
        }
        Map<String, Object> props = producer(clientId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, millis(TRANSACTION_TIMEOUT));
        return props;
    }

    /** Whether consumers read only committed records: under exactly-once. */
    boolean readCommitted() {
        return settings.processingGuarantee() == io.faust4j.ProcessingGuarantee.EXACTLY_ONCE;
    }

    /**
     * The worker's group consumer: manual commits, the classic group protocol with the eager range
     * assignor (topics with equal partition counts get the same partition numbers, which co-partitioned
     * tables need), and the {@code consumer_*} and {@code broker_*} tuning.
     */
    Map<String, Object> consumer(String groupId, String clientId) {
        Map<String, Object> props = consumerBase(clientId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.consumerAutoOffsetReset().settingValue());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.consumerMaxPollRecords());
        Duration session = settings.get(Settings.BROKER_SESSION_TIMEOUT);
        Duration heartbeat = settings.get(Settings.BROKER_HEARTBEAT_INTERVAL);
        if (heartbeat.compareTo(session) >= 0) {
            throw new ConfigurationException("Setting 'broker_heartbeat_interval' (" + heartbeat.toMillis()
                    + " ms) must be below 'broker_session_timeout' (" + session.toMillis()
                    + " ms); a third of it is usual");
        }
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, millis(session));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, millis(heartbeat));
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, millis(settings.get(Settings.BROKER_MAX_POLL_INTERVAL)));
        return props;
    }

    /** A consumer outside any group, for replaying changelogs from offsets the engine seeks to. */
    Map<String, Object> reader(String clientId) {
        Map<String, Object> props = consumerBase(clientId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Math.max(settings.consumerMaxPollRecords(), READER_MIN_POLL_RECORDS));
        return props;
    }

    private Map<String, Object> consumerBase(String clientId) {
        Map<String, Object> props = new LinkedHashMap<>(common);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted() ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, settings.get(Settings.CONSUMER_FETCH_MIN_BYTES));
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, millis(settings.get(Settings.CONSUMER_FETCH_MAX_WAIT)));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, settings.get(Settings.CONSUMER_FETCH_MAX_BYTES));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                settings.get(Settings.CONSUMER_MAX_PARTITION_FETCH_BYTES));
        return props;
    }

    /**
     * Turns {@code kafka://host:port} URLs into Kafka's {@code bootstrap.servers}; the port defaults to 9092.
     *
     * @throws ConfigurationException naming the URL that is not {@code kafka://host[:port]}
     */
    static String bootstrapServers(List<String> brokers) {
        if (brokers.isEmpty()) {
            throw new ConfigurationException("Setting 'broker' has no URL: expected kafka://host:port");
        }
        List<String> servers = new ArrayList<>();
        for (String url : brokers) {
            servers.add(hostAndPort(url.trim()));
        }
        return String.join(",", servers);
    }

    private static String hostAndPort(String url) {
        if (!url.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw badBroker(url, "it does not start with kafka://");
        }
        String rest = url.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        if (rest.contains("@")) {
            throw badBroker(url, "credentials do not go in the URL: set sasl_username and sasl_password");
        }
        String host;
        String port;
        if (rest.startsWith("[")) {                         // IPv6: [::1]:9092
            int close = rest.indexOf(']');
            if (close < 0) {
                throw badBroker(url, "the IPv6 address has no closing ']'");
            }
            host = rest.substring(0, close + 1);
            String after = rest.substring(close + 1);
            port = after.startsWith(":") ? after.substring(1) : after;
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            port = colon < 0 ? "" : rest.substring(colon + 1);
        }
        if (host.isEmpty() || host.contains(":") && !host.startsWith("[")) {
            throw badBroker(url, "it names no host");
        }
        return host + ":" + port(url, port);
    }

    private static int port(String url, String text) {
        if (text.isEmpty()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw badBroker(url, "the port '" + text + "' is not a number from 1 to 65535");
    }

    private static ConfigurationException badBroker(String url, String why) {
        String shown = url.replaceFirst("//[^/@]*@", "//****@");  // never print a password written into the URL
        return new ConfigurationException("Invalid broker URL '" + shown + "' in setting 'broker': " + why
                + "; expected kafka://host:port, several separated by ';'");
    }

    // ---- security ----

    private static void security(Settings settings, Map<String, Object> props) {
        String protocol = settings.get(Settings.SECURITY_PROTOCOL);
        boolean sasl = protocol.startsWith("SASL_");
        boolean tls = protocol.endsWith("SSL");
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        String user = settings.get(Settings.SASL_USERNAME);
        String password = settings.get(Settings.SASL_PASSWORD);
        if (sasl) {
            String mechanism = settings.get(Settings.SASL_MECHANISM);
            if (user.isEmpty() || password.isEmpty()) {
                throw new ConfigurationException("Setting 'security_protocol' = '" + protocol + "' needs 'sasl_username'"
                        + " and 'sasl_password' (the login for sasl_mechanism " + mechanism + "); "
                        + (user.isEmpty() ? "sasl_username" : "sasl_password") + " is empty");
            }
            props.put(SaslConfigs.SASL_MECHANISM, mechanism);
            props.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(mechanism, user, password));
        } else if (!user.isEmpty() || !password.isEmpty()) {
            throw new ConfigurationException("Setting '" + (user.isEmpty() ? "sasl_password" : "sasl_username")
                    + "' is set but 'security_protocol' is " + protocol + ", which does not log in: set"
                    + " security_protocol to SASL_SSL or SASL_PLAINTEXT");
        }
        tls(settings, protocol, tls, props);
    }

    private static void tls(Settings settings, String protocol, boolean tls, Map<String, Object> props) {
        String truststore = settings.get(Settings.SSL_TRUSTSTORE_LOCATION);
        String keystore = settings.get(Settings.SSL_KEYSTORE_LOCATION);
        if (!tls) {
            if (!truststore.isEmpty() || !keystore.isEmpty()) {
                throw new ConfigurationException("Setting '" + (truststore.isEmpty() ? "ssl_keystore_location"
                        : "ssl_truststore_location") + "' is set but 'security_protocol' is " + protocol
                        + ", which does not use TLS: set security_protocol to SSL or SASL_SSL");
            }
            return;
        }
        putIfSet(props, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore);
        putIfSet(props, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, settings.get(Settings.SSL_TRUSTSTORE_PASSWORD));
        putIfSet(props, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keystore);
        putIfSet(props, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, settings.get(Settings.SSL_KEYSTORE_PASSWORD));
        putIfSet(props, SslConfigs.SSL_KEY_PASSWORD_CONFIG, settings.get(Settings.SSL_KEY_PASSWORD));
        props.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
                settings.get(Settings.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM));
    }

    /** The JAAS line Kafka logs in with: PlainLoginModule for PLAIN, ScramLoginModule for SCRAM-SHA-*. */
    static String jaasConfig(String mechanism, String user, String password) {
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + quoted(user) + "\" password=\"" + quoted(password) + "\";";
    }

    private static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void putIfSet(Map<String, Object> props, String key, String value) {
        if (!value.isEmpty()) {
            props.put(key, value);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    @Override
    public String toString() {
        return "KafkaClientConfig{" + brokerText + "}";  // never the properties: they hold the SASL password
    }
}
