package io.faust4j;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The immutable, resolved settings of one app.
 *
 * <p>Each setting is declared once below. A value comes from, in order of precedence: code
 * ({@link Builder#set}), the environment ({@code FAUST4J_<NAME>}), a properties file (set in code, or
 * named by {@code FAUST4J_CONFIG}), and the declared default. Bad values fail at {@link Builder#build()}
 * with a message naming the setting, the value, where it came from, and what is allowed.
 *
 * <p>The settings the engine reads have typed accessors ({@link #commitInterval()}); the Kafka client
 * settings ({@code consumer_*} tuning, {@code producer_*}, {@code broker_*} timeouts, {@code security_protocol},
 * {@code sasl_*}, {@code ssl_*}) are read with {@link #get(Setting)} by the {@code kafka://} transport and
 * set with {@link Builder#set(Setting, Object)} or {@link Builder#set(String, String)}. Passwords are
 * never printed: {@link #toString()} shows them as {@code ****}.
 */
public final class Settings {
    /** {@code broker}: the broker URLs. */
    public static final Setting<List<String>> BROKER = Setting.of("broker", SettingType.urlList(), "memory://",
            "Broker URLs separated by ';' or ',', such as kafka://host1:9092;kafka://host2:9092, or memory:// in-process.");
    /** {@code store}: where tables keep their state. */
    public static final Setting<String> STORE = Setting.of("store", SettingType.url("memory:// or rocksdb://"),
            "memory://", "Table storage: memory:// (in memory, rebuilt from changelogs at start) or rocksdb:// (on disk"
                    + " under datadir, so a restart replays only the changelogs' tail; needs the faust4j-rocksdb module).");
    /** {@code version}: the app's version; a new version starts over with new internal topics. */
    public static final Setting<Integer> VERSION = Setting.of("version", SettingType.intAtLeast(1), "1",
            "App version: a new version gets new internal topics and a new consumer group (effective id becomes id-vN).");
    /** {@code processing_guarantee}: at least once or exactly once. */
    public static final Setting<ProcessingGuarantee> PROCESSING_GUARANTEE = Setting.of("processing_guarantee",
            SettingType.oneOf(ProcessingGuarantee.class, ProcessingGuarantee::settingValue), "at_least_once",
            "at_least_once, or exactly_once with transactions (changelogs, outputs, dead letters and offsets commit"
                    + " together; kafka:// and memory://).");
    /** {@code topic_partitions}: the partition count of topics the app creates. */
    public static final Setting<Integer> TOPIC_PARTITIONS = Setting.of("topic_partitions", SettingType.intAtLeast(1),
            "8", "Default number of partitions for topics the app creates.");
    /** {@code topic_replication_factor}: the replication factor of topics the app creates. */
    public static final Setting<Integer> TOPIC_REPLICATION_FACTOR = Setting.of("topic_replication_factor",
            SettingType.intAtLeast(1), "1", "Replication factor for topics the app creates.");
    /** {@code topic_allow_declare}: whether missing declared topics are created. */
    public static final Setting<Boolean> TOPIC_ALLOW_DECLARE = Setting.of("topic_allow_declare", SettingType.bool(),
            "true", "Create the topics the app declares when they are missing.");
    /** {@code stream_buffer_maxsize}: events queued per partition before it is paused. */
    public static final Setting<Integer> STREAM_BUFFER_MAXSIZE = Setting.of("stream_buffer_maxsize",
            SettingType.intAtLeast(1), "4096", "Events queued per partition before the partition is paused.");
    /** {@code commit_interval}: how often offsets are committed. */
    public static final Setting<Duration> COMMIT_INTERVAL = Setting.of("commit_interval", SettingType.duration(),
            "1s", "How often acked offsets are committed: 500ms, 2.5s, 1m, PT1S, or a number of seconds.");
    /** {@code commit_every}: also commit after this many acked events. */
    public static final Setting<Long> COMMIT_EVERY = Setting.of("commit_every", SettingType.longAtLeast(1),
            "100000", "Also commit after this many events of the app's topics are finished (repartitioned copies not counted).");
    /** {@code stop_timeout}: how long a warm stop waits for agents to finish their current events. */
    public static final Setting<Duration> STOP_TIMEOUT = Setting.of("stop_timeout", SettingType.duration(), "30s",
            "How long a stop or rebalance waits, for all agents together, to finish their current events; agents"
                    + " still busy then are fenced (nothing they write or send later is kept) and their events replayed.");
    /** {@code key_serializer}: the default codec of keys. */
    public static final Setting<String> KEY_SERIALIZER = Setting.of("key_serializer", SettingType.codecName(),
            "raw", "Default key codec (raw, json, json-faust, json-jackson, binary, a provider's name, or a composition such as json|binary); "
                    + "raw keys of other types than String and byte[] use json.");
    /** {@code value_serializer}: the default codec of values. */
    public static final Setting<String> VALUE_SERIALIZER = Setting.of("value_serializer", SettingType.codecName(),
            "json", "Default value codec (raw, json, json-faust, json-jackson, binary, a provider's name, or a composition such as json|binary).");
    /** {@code faust_compat}: Faust's wire formats and topic names, to share topics with or take over a Faust app. */
    public static final Setting<Boolean> FAUST_COMPAT = Setting.of("faust_compat", SettingType.bool(), "false",
            "Read and write what Python Faust does: sets table_key_serializer and table_value_serializer to json (raw"
                    + " for byte[]), json_dialect="
                    + "faust and Faust's repartition topic names (<agent>-<topic>-<groupBy name>-repartition); docs/faust.md.");
    /** {@code table_key_serializer}: the codec of table keys in changelogs and stores. */
    public static final Setting<String> TABLE_KEY_SERIALIZER = Setting.of("table_key_serializer",
            SettingType.codecNameOrAuto(), "auto", "Codec of table keys; auto: json (raw for byte[] keys) as in Faust"
                    + " with faust_compat, else key_serializer's rule (raw for String keys).");
    /** {@code table_value_serializer}: the codec of table values in changelogs and stores. */
    public static final Setting<String> TABLE_VALUE_SERIALIZER = Setting.of("table_value_serializer",
            SettingType.codecNameOrAuto(), "auto", "Codec of table values; auto: json (raw for byte[] values) as in"
                    + " Faust with faust_compat, else value_serializer.");
    /** {@code json_dialect}: how the json codec names fields and writes decimals. */
    public static final Setting<String> JSON_DIALECT = Setting.of("json_dialect",
            SettingType.choice("auto", "jackson", "faust"), "auto", "The json codec's dialect: jackson (field names"
                    + " as declared, BigDecimal as a number) or faust (snake_case field names, BigDecimal as a string,"
                    + " as Faust writes Decimal); auto: faust with faust_compat, else jackson.");
    /** {@code datadir}: this worker's data directory. */
    public static final Setting<Path> DATADIR = Setting.of("datadir", SettingType.path(), "{id}-data",
            "Directory for this worker's local state; {id} is the effective id. Workers must not share one.");
    /** {@code worker_id}: a name for this worker that stays the same across its restarts. */
    public static final Setting<String> WORKER_ID = Setting.of("worker_id", SettingType.text(), "",
            "A name for this worker, unique in its group and the same across restarts (such as a pod name): it joins"
                    + " as a static member, so a restart after a crash takes its partitions back at once. Empty: with"
                    + " rocksdb:// an id kept in datadir, else a new member each start.");
    /** {@code table_standby_replicas}: standby copies kept of each table partition, on other workers. */
    public static final Setting<Integer> TABLE_STANDBY_REPLICAS = Setting.of("table_standby_replicas",
            SettingType.intAtLeast(0), "1", "kafka://: standby copies of each table partition that"
                    + " other workers keep current from the changelog, so a failover replays only what they had not"
                    + " read yet; 0 for none.");
    /** {@code table_acceptable_recovery_lag}: how far behind a worker's copy may be and still take a partition. */
    public static final Setting<Long> TABLE_ACCEPTABLE_RECOVERY_LAG = Setting.of("table_acceptable_recovery_lag",
            SettingType.longAtLeast(0), "10000", "kafka://: a partition moves to a worker only once its"
                    + " local copy of the partition's tables is at most this many changelog records behind; until"
                    + " then the worker warms up a copy as a standby.");
    /** {@code table_probing_rebalance_interval}: how often warm-ups are checked for a handover. */
    public static final Setting<Duration> TABLE_PROBING_REBALANCE_INTERVAL = Setting.of(
            "table_probing_rebalance_interval", SettingType.duration(), "10s", "kafka://: while"
                    + " workers warm up copies of partitions they are to take over, the group rebalances this often to"
                    + " hand over those that have caught up.");
    /** {@code rocksdb_memory}: all the off-heap memory a worker's RocksDB stores share. */
    public static final Setting<Integer> ROCKSDB_MEMORY = Setting.of("rocksdb_memory", SettingType.size(8 << 20),
            "128MiB", "rocksdb://: one cache for all of a worker's table stores (blocks read, indexes, filters, and"
                    + " the write buffers below): their memory bound.");
    /** {@code rocksdb_write_buffer_memory}: the part of {@code rocksdb_memory} that write buffers may use. */
    public static final Setting<Integer> ROCKSDB_WRITE_BUFFER_MEMORY = Setting.of("rocksdb_write_buffer_memory",
            SettingType.size(1 << 20), "32MiB", "rocksdb://: how much of rocksdb_memory all stores' write buffers"
                    + " (memtables) may hold together before the largest is flushed to disk.");
    /** {@code consumer_auto_offset_reset}: where to start partitions with no committed offset. */
    public static final Setting<OffsetReset> CONSUMER_AUTO_OFFSET_RESET = Setting.of("consumer_auto_offset_reset",
            SettingType.oneOf(OffsetReset.class, OffsetReset::settingValue), "earliest",
            "Where to start reading a partition with no committed offset: earliest or latest.");
    /** {@code consumer_max_poll_records}: the most records one consumer poll returns. */
    public static final Setting<Integer> CONSUMER_MAX_POLL_RECORDS = Setting.of("consumer_max_poll_records",
            SettingType.intAtLeast(1), "1000", "The most records one poll of the consumer returns.");

    // ---- Web server (the faust4j-web module, when it is on the class path); docs/web.md ----

    /** {@code web_enabled}: whether faust4j-web serves HTTP for the worker. */
    public static final Setting<Boolean> WEB_ENABLED = Setting.of("web_enabled", SettingType.bool(), "true",
            "faust4j-web: serve the worker's pages, tables, health, metrics and dashboard over HTTP.");
    /** {@code web_port}: the web server's port. */
    public static final Setting<Integer> WEB_PORT = Setting.of("web_port", SettingType.intBetween(0, 65535), "6066",
            "faust4j-web: the port to listen on (6066 as in Faust); 0 takes any free port. Each worker on a"
                    + " machine needs its own.");
    /** {@code web_bind}: the address the web server listens on. */
    public static final Setting<String> WEB_BIND = Setting.of("web_bind", SettingType.text(), "0.0.0.0",
            "faust4j-web: the interface address to listen on: 0.0.0.0 for all, 127.0.0.1 for this machine only.");
    /** {@code web_advertised_url}: the URL other workers use to reach this one. */
    public static final Setting<String> WEB_ADVERTISED_URL = Setting.of("web_advertised_url", SettingType.text(), "",
            "faust4j-web: the URL other workers proxy table requests to (Faust's canonical_url), such as"
                    + " http://worker-1:6066; empty: http://<web_bind, or this host's name for 0.0.0.0>:<port>.");
    /** {@code web_auth_token}: the bearer token HTTP requests must carry; never printed. */
    public static final Setting<String> WEB_AUTH_TOKEN = Setting.of("web_auth_token", SettingType.secret(), "",
            "faust4j-web: when set, every request but /health must send Authorization: Bearer <token>; empty"
                    + " for none. Never printed.");
    /** {@code web_max_body_size}: the largest request body the web server accepts. */
    public static final Setting<Integer> WEB_MAX_BODY_SIZE = Setting.of("web_max_body_size", SettingType.size(1),
            "1MiB", "faust4j-web: the largest request body accepted; larger ones get 413.");

    // ---- Kafka clients (kafka:// brokers); read with get(...). docs/kafka.md maps each to its client property ----

    /** {@code consumer_fetch_min_bytes}: Kafka {@code fetch.min.bytes}. */
    public static final Setting<Integer> CONSUMER_FETCH_MIN_BYTES = Setting.of("consumer_fetch_min_bytes",
            SettingType.size(1), "1", "Kafka: the least data a fetch waits for (up to consumer_fetch_max_wait); "
                    + "1 answers at once, larger values trade latency for fewer requests.");
    /** {@code consumer_fetch_max_wait}: Kafka {@code fetch.max.wait.ms}. */
    public static final Setting<Duration> CONSUMER_FETCH_MAX_WAIT = Setting.of("consumer_fetch_max_wait",
            SettingType.durationOrZero(), "500ms", "Kafka: how long a fetch waits for consumer_fetch_min_bytes.");
    /** {@code consumer_fetch_max_bytes}: Kafka {@code fetch.max.bytes}. */
    public static final Setting<Integer> CONSUMER_FETCH_MAX_BYTES = Setting.of("consumer_fetch_max_bytes",
            SettingType.size(1), "50MiB", "Kafka: the most data one fetch returns, over all partitions.");
    /** {@code consumer_max_partition_fetch_bytes}: Kafka {@code max.partition.fetch.bytes}. */
    public static final Setting<Integer> CONSUMER_MAX_PARTITION_FETCH_BYTES = Setting.of(
            "consumer_max_partition_fetch_bytes", SettingType.size(1), "1MiB",
            "Kafka: the most data one fetch returns per partition.");
    /** {@code producer_linger}: Kafka {@code linger.ms}. */
    public static final Setting<Duration> PRODUCER_LINGER = Setting.of("producer_linger", SettingType.durationOrZero(),
            "5ms", "Kafka: how long the producer waits to fill a batch before sending it (0 sends at once).");
    /** {@code producer_batch_size}: Kafka {@code batch.size}. */
    public static final Setting<Integer> PRODUCER_BATCH_SIZE = Setting.of("producer_batch_size", SettingType.size(1),
            "128KiB", "Kafka: the most data batched per partition in one produce request (Kafka's default is 16KiB).");
    /** {@code producer_compression_type}: Kafka {@code compression.type}. */
    public static final Setting<String> PRODUCER_COMPRESSION_TYPE = Setting.of("producer_compression_type",
            SettingType.choice("none", "gzip", "snappy", "lz4", "zstd"), "none",
            "Kafka: how produced batches are compressed; lz4 or zstd pay off when the network is the limit.");
    /** {@code producer_acks}: Kafka {@code acks} (and {@code max.in.flight.requests.per.connection=1} unless all). */
    public static final Setting<String> PRODUCER_ACKS = Setting.of("producer_acks", SettingType.choice("all", "1", "0"),
            "all", "Kafka: replicas that must store a record before a send succeeds; all (also idempotent) is needed"
                    + " for no loss; 1 and 0 trade safety for speed, and limit the producer to one request in flight"
                    + " per broker to keep each partition's order through retries.");
    /** {@code producer_max_request_size}: Kafka {@code max.request.size}. */
    public static final Setting<Integer> PRODUCER_MAX_REQUEST_SIZE = Setting.of("producer_max_request_size",
            SettingType.size(1), "1MiB", "Kafka: the largest produce request, and so the largest record.");
    /** {@code broker_connect_timeout}: how long a worker waits for Kafka to answer when it starts. */
    public static final Setting<Duration> BROKER_CONNECT_TIMEOUT = Setting.of("broker_connect_timeout",
            SettingType.duration(), "15s", "Kafka: how long a starting worker waits for the broker to answer before"
                    + " it fails with an error naming the address.");
    /** {@code broker_request_timeout}: Kafka {@code request.timeout.ms}. */
    public static final Setting<Duration> BROKER_REQUEST_TIMEOUT = Setting.of("broker_request_timeout",
            SettingType.duration(), "30s", "Kafka: how long a client waits for the answer to one request.");
    /** {@code broker_session_timeout}: Kafka {@code session.timeout.ms}. */
    public static final Setting<Duration> BROKER_SESSION_TIMEOUT = Setting.of("broker_session_timeout",
            SettingType.duration(), "45s", "Kafka: how long a silent worker keeps its partitions before the group"
                    + " hands them to others (a worker that stops cleanly hands them over at once).");
    /** {@code broker_heartbeat_interval}: Kafka {@code heartbeat.interval.ms}. */
    public static final Setting<Duration> BROKER_HEARTBEAT_INTERVAL = Setting.of("broker_heartbeat_interval",
            SettingType.duration(), "3s", "Kafka: how often a worker tells the group it is alive; well below"
                    + " broker_session_timeout.");
    /** {@code broker_max_poll_interval}: Kafka {@code max.poll.interval.ms}. */
    public static final Setting<Duration> BROKER_MAX_POLL_INTERVAL = Setting.of("broker_max_poll_interval",
            SettingType.duration(), "5m", "Kafka: the longest a worker may go between polls before the group"
                    + " takes its partitions away (table recovery runs beside the poll loop and does not count).");
    /** {@code security_protocol}: Kafka {@code security.protocol}. */
    public static final Setting<String> SECURITY_PROTOCOL = Setting.of("security_protocol",
            SettingType.choice("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"), "PLAINTEXT",
            "Kafka: how clients talk to the brokers: PLAINTEXT, SSL (TLS), or SASL over plain text or TLS.");
    /** {@code sasl_mechanism}: Kafka {@code sasl.mechanism}. */
    public static final Setting<String> SASL_MECHANISM = Setting.of("sasl_mechanism",
            SettingType.choice("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"), "PLAIN",
            "Kafka: the SASL mechanism when security_protocol is SASL_PLAINTEXT or SASL_SSL.");
    /** {@code sasl_username}: the SASL user. */
    public static final Setting<String> SASL_USERNAME = Setting.of("sasl_username", SettingType.text(), "",
            "Kafka: the SASL user name (needed by the SASL protocols, and only by them).");
    /** {@code sasl_password}: the SASL password; never printed. */
    public static final Setting<String> SASL_PASSWORD = Setting.of("sasl_password", SettingType.secret(), "",
            "Kafka: the SASL password; never printed (settings show ****).");
    /** {@code ssl_truststore_location}: Kafka {@code ssl.truststore.location}. */
    public static final Setting<String> SSL_TRUSTSTORE_LOCATION = Setting.of("ssl_truststore_location",
            SettingType.text(), "", "Kafka: trust store file (JKS or PKCS12) with the brokers' CA; empty uses the JVM's.");
    /** {@code ssl_truststore_password}: Kafka {@code ssl.truststore.password}; never printed. */
    public static final Setting<String> SSL_TRUSTSTORE_PASSWORD = Setting.of("ssl_truststore_password",
            SettingType.secret(), "", "Kafka: the trust store's password; never printed.");
    /** {@code ssl_keystore_location}: Kafka {@code ssl.keystore.location}. */
    public static final Setting<String> SSL_KEYSTORE_LOCATION = Setting.of("ssl_keystore_location",
            SettingType.text(), "", "Kafka: key store file with this client's certificate, for brokers that ask for one"
                    + " (mutual TLS).");
    /** {@code ssl_keystore_password}: Kafka {@code ssl.keystore.password}; never printed. */
    public static final Setting<String> SSL_KEYSTORE_PASSWORD = Setting.of("ssl_keystore_password",
            SettingType.secret(), "", "Kafka: the key store's password; never printed.");
    /** {@code ssl_key_password}: Kafka {@code ssl.key.password}; never printed. */
    public static final Setting<String> SSL_KEY_PASSWORD = Setting.of("ssl_key_password", SettingType.secret(), "",
            "Kafka: the private key's password in the key store, when it differs; never printed.");
    /** {@code ssl_endpoint_identification_algorithm}: Kafka {@code ssl.endpoint.identification.algorithm}. */
    public static final Setting<String> SSL_ENDPOINT_IDENTIFICATION_ALGORITHM = Setting.of(
            "ssl_endpoint_identification_algorithm", SettingType.text(), "https",
            "Kafka: https checks that a broker's certificate names its host; empty turns the check off.");

    // ---- Metrics (Micrometer); docs/metrics.md lists the meters ----

    /** {@code metrics_enabled}: whether the worker registers its meters. */
    public static final Setting<Boolean> METRICS_ENABLED = Setting.of("metrics_enabled", SettingType.bool(), "true",
            "Register the worker's meters (docs/metrics.md) in Worker.meterRegistry(); false: no meters, sends not"
                    + " counted, no event timed.");
    /** {@code metrics_registries}: the meter registries a worker publishes to. */
    public static final Setting<List<String>> METRICS_REGISTRIES = Setting.of("metrics_registries",
            SettingType.choiceList("none", "prometheus", "statsd"), "none", "Meter registries each worker"
                    + " creates and adds to Worker.meterRegistry(): prometheus (for an endpoint of your own:"
                    + " Faust4jMetrics.prometheus(worker); faust4j-web's /metrics needs none), statsd (UDP lines to metrics_statsd_host), both (prometheus,statsd), or none;"
                    + " needs the faust4j-metrics module. A registry of your own: Settings.Builder.meterRegistry.");
    /** {@code metrics_statsd_host}: where StatsD lines go. */
    public static final Setting<String> METRICS_STATSD_HOST = Setting.of("metrics_statsd_host", SettingType.text(),
            "localhost", "statsd registry: the host of the StatsD agent (UDP).");
    /** {@code metrics_statsd_port}: the StatsD agent's UDP port. */
    public static final Setting<Integer> METRICS_STATSD_PORT = Setting.of("metrics_statsd_port",
            SettingType.intAtLeast(1), "8125", "statsd registry: the UDP port of the StatsD agent (at most 65535).");
    /** {@code metrics_statsd_flavor}: the StatsD line format. */
    public static final Setting<String> METRICS_STATSD_FLAVOR = Setting.of("metrics_statsd_flavor",
            SettingType.choice("etsy", "datadog", "telegraf", "sysdig"), "etsy", "statsd registry: the line"
                    + " format: etsy (plain StatsD, tags folded into the name), datadog, telegraf or sysdig (with tags).");
    /** {@code metrics_step}: how often polled meters are published. */
    public static final Setting<Duration> METRICS_STEP = Setting.of("metrics_step", SettingType.duration(), "10s",
            "statsd registry: how often gauges and counters are read and sent.");

    private static final List<Setting<?>> DECLARED = List.of(BROKER, STORE, VERSION, PROCESSING_GUARANTEE,
            TOPIC_PARTITIONS, TOPIC_REPLICATION_FACTOR, TOPIC_ALLOW_DECLARE, STREAM_BUFFER_MAXSIZE, COMMIT_INTERVAL,
            COMMIT_EVERY, STOP_TIMEOUT, KEY_SERIALIZER, VALUE_SERIALIZER, FAUST_COMPAT, TABLE_KEY_SERIALIZER,
            TABLE_VALUE_SERIALIZER, JSON_DIALECT, DATADIR, WORKER_ID, TABLE_STANDBY_REPLICAS,
            TABLE_ACCEPTABLE_RECOVERY_LAG, TABLE_PROBING_REBALANCE_INTERVAL, ROCKSDB_MEMORY,
            ROCKSDB_WRITE_BUFFER_MEMORY, WEB_ENABLED, WEB_PORT, WEB_BIND, WEB_ADVERTISED_URL, WEB_AUTH_TOKEN,
            WEB_MAX_BODY_SIZE, CONSUMER_AUTO_OFFSET_RESET,
            CONSUMER_MAX_POLL_RECORDS, CONSUMER_FETCH_MIN_BYTES, CONSUMER_FETCH_MAX_WAIT, CONSUMER_FETCH_MAX_BYTES,
            CONSUMER_MAX_PARTITION_FETCH_BYTES, PRODUCER_LINGER, PRODUCER_BATCH_SIZE, PRODUCER_COMPRESSION_TYPE,
            PRODUCER_ACKS, PRODUCER_MAX_REQUEST_SIZE, BROKER_CONNECT_TIMEOUT, BROKER_REQUEST_TIMEOUT,
            BROKER_SESSION_TIMEOUT, BROKER_HEARTBEAT_INTERVAL, BROKER_MAX_POLL_INTERVAL, SECURITY_PROTOCOL,
            SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD, SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD,
            SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD, SSL_KEY_PASSWORD, SSL_ENDPOINT_IDENTIFICATION_ALGORITHM,
            METRICS_ENABLED, METRICS_REGISTRIES, METRICS_STATSD_HOST, METRICS_STATSD_PORT, METRICS_STATSD_FLAVOR,
            METRICS_STEP);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

    private final Builder source;
    private final Map<Setting<?>, Object> values;

    private Settings(Builder source, Map<Setting<?>, Object> values) {
        this.source = source;
        this.values = values;
    }

    /**
     * Starts the settings of the app {@code id}.
     *
     * @throws ConfigurationException unless the id is letters, digits, '.', '_' and '-'
     */
    public static Builder builder(String id) {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new ConfigurationException("Invalid app id '" + id + "': expected one or more letters, digits, "
                    + "'.', '_' or '-' (the id names internal topics and the consumer group)");
        }
        return new Builder(id);
    }

    /** All declared settings, in the order of the reference docs. */
    public static List<Setting<?>> declared() {
        return DECLARED;
    }

    /** The reference table of all settings in Markdown: name, type, default, environment variable, description. */
    public static String referenceMarkdown() {
        StringBuilder table = new StringBuilder("| name | type | default | environment variable | description |\n")
                .append("|---|---|---|---|---|\n");
        for (Setting<?> s : DECLARED) {
            String defaultCell = s.defaultText().isEmpty() ? "(empty)" : "`" + cell(s.defaultText()) + "`";
            table.append("| `").append(s.name()).append("` | ").append(cell(s.typeName())).append(" | ")
                    .append(defaultCell).append(" | `").append(s.envVar()).append("` | ")
                    .append(cell(s.doc())).append(" |\n");
        }
        return table.toString();
    }

    /** The app id as given. */
    public String id() {
        return source.id;
    }

    /** The id that names internal topics and the consumer group: the id, plus {@code -v<version>} after version 1. */
    public String effectiveId() {
        return effectiveId(source.id, version());
    }

    /** The value of a setting. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = values.get(Objects.requireNonNull(setting, "setting"));
        if (value == null) {
            throw new IllegalArgumentException("Setting '" + setting.name() + "' is not declared in Settings");
        }
        return (T) value;
    }

    /** The broker URLs ({@code broker}). */
    public List<String> broker() { return get(BROKER); }

    /** The store URL ({@code store}). */
    public String store() { return get(STORE); }

    /** The app version ({@code version}). */
    public int version() { return get(VERSION); }

    /** The processing guarantee ({@code processing_guarantee}). */
    public ProcessingGuarantee processingGuarantee() { return get(PROCESSING_GUARANTEE); }

    /** Partitions of created topics ({@code topic_partitions}). */
    public int topicPartitions() { return get(TOPIC_PARTITIONS); }

    /** Replication factor of created topics ({@code topic_replication_factor}). */
    public int topicReplicationFactor() { return get(TOPIC_REPLICATION_FACTOR); }

    /** Whether missing declared topics are created ({@code topic_allow_declare}). */
    public boolean topicAllowDeclare() { return get(TOPIC_ALLOW_DECLARE); }

    /** Events queued per partition before it is paused ({@code stream_buffer_maxsize}). */
    public int streamBufferMaxsize() { return get(STREAM_BUFFER_MAXSIZE); }

    /** How often offsets are committed ({@code commit_interval}). */
    public Duration commitInterval() { return get(COMMIT_INTERVAL); }

    /** Acked events after which a commit happens anyway ({@code commit_every}). */
    public long commitEvery() { return get(COMMIT_EVERY); }

    /** The default key codec name ({@code key_serializer}). */
    public String keySerializer() { return get(KEY_SERIALIZER); }

    /** The {@link #STOP_TIMEOUT} setting. */
    public Duration stopTimeout() { return get(STOP_TIMEOUT); }

    /** The default value codec name ({@code value_serializer}). */
    public String valueSerializer() { return get(VALUE_SERIALIZER); }

    /** Whether Faust's wire formats and topic names are used ({@code faust_compat}). */
    public boolean faustCompat() { return get(FAUST_COMPAT); }

    /**
     * The codec name of keys of {@code keyType} in tables ({@code table_key_serializer}): the setting when
     * set, else json (raw for {@code byte[]}) with {@code faust_compat}, else the {@code key_serializer} rule.
     */
    public String tableKeySerializer(Class<?> keyType) {
        String configured = get(TABLE_KEY_SERIALIZER);
        if (!configured.equals("auto")) {
            return configured;
        }
        if (faustCompat()) {
            return keyType == byte[].class ? "raw" : "json";
        }
        return Codecs.defaultKeyCodecFor(keyType, keySerializer());
    }

    /**
     * The codec name of values of {@code valueType} in tables ({@code table_value_serializer}): the setting when
     * set, else json (raw for {@code byte[]}) with {@code faust_compat}, else {@code value_serializer}.
     */
    public String tableValueSerializer(Class<?> valueType) {
        String configured = get(TABLE_VALUE_SERIALIZER);
        if (!configured.equals("auto")) {
            return configured;
        }
        if (faustCompat()) {
            return valueType == byte[].class ? "raw" : "json";
        }
        return valueSerializer();
    }

    /** Whether the json codec uses Faust's dialect ({@code json_dialect}, or {@code faust_compat} when auto). */
    public boolean faustJson() {
        String dialect = get(JSON_DIALECT);
        return dialect.equals("faust") || (dialect.equals("auto") && faustCompat());
    }

    /** This worker's stable name ({@code worker_id}); empty for none. */
    public String workerId() { return get(WORKER_ID); }

    /** The memory bound of all RocksDB stores ({@code rocksdb_memory}). */
    public int rocksdbMemory() { return get(ROCKSDB_MEMORY); }

    /** The write buffers' share of {@link #rocksdbMemory()} ({@code rocksdb_write_buffer_memory}). */
    public int rocksdbWriteBufferMemory() { return get(ROCKSDB_WRITE_BUFFER_MEMORY); }

    /** The data directory ({@code datadir}). */
    public Path datadir() { return get(DATADIR); }

    /** Where partitions without a committed offset start ({@code consumer_auto_offset_reset}). */
    public OffsetReset consumerAutoOffsetReset() { return get(CONSUMER_AUTO_OFFSET_RESET); }

    /** The most records per consumer poll ({@code consumer_max_poll_records}). */
    public int consumerMaxPollRecords() { return get(CONSUMER_MAX_POLL_RECORDS); }

    /** The clock the app reads time from; set in code only, {@link InstantSource#system()} by default. */
    public InstantSource clock() {
        return source.clock;
    }

    /** Meter registries passed in code ({@link Builder#meterRegistry}); each worker adds them to its own. */
    public List<io.micrometer.core.instrument.MeterRegistry> meterRegistries() {
        return source.meterRegistries;
    }

    /** A builder with the same id, code values, properties file, environment and clock, to override on top. */
    public Builder toBuilder() {
        return source.copy();
    }

    /** The settings as {@code name=value}, in declaration order. */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "Settings{", "}").add("id=" + source.id);
        values.forEach((setting, value) -> text.add(setting.name() + "=" + setting.format(value)));
        return text.toString();
    }

    static String effectiveId(String id, int version) {
        return version == 1 ? id : id + "-v" + version;
    }

    static Optional<Setting<?>> find(String name) {
        return DECLARED.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** Collects settings in code, then resolves them with the environment, properties file and defaults. */
    public static final class Builder {
        private final String id;
        private final Map<Setting<?>, Object> code = new LinkedHashMap<>();
        private Optional<Path> propertiesFile = Optional.empty();
        private Optional<Map<String, String>> environment = Optional.empty();
        private InstantSource clock = InstantSource.system();
        private List<io.micrometer.core.instrument.MeterRegistry> meterRegistries = List.of();

        private Builder(String id) {
            this.id = id;
        }

        /** Sets a setting in code; the value is validated at {@link #build()}. */
        public <T> Builder set(Setting<T> setting, T value) {
            code.put(Objects.requireNonNull(setting, "setting"), Objects.requireNonNull(value, setting.name()));
            return this;
        }

        /**
         * Sets a setting by name from text, parsed at {@link #build()}.
         *
         * @throws ConfigurationException when no setting has that name, suggesting close names
         */
        public Builder set(String name, String rawValue) {
            Setting<?> setting = find(Objects.requireNonNull(name, "name"))
                    .orElseThrow(() -> new ConfigurationException(SettingsResolver.unknownName(name, "")));
            code.put(setting, new SettingsResolver.RawText(Objects.requireNonNull(rawValue, name)));
            return this;
        }

        /** Sets {@code broker}: one or more URLs separated by ';' or ','. */
        public Builder broker(String urls) { return set(BROKER.name(), urls); }

        /** Sets {@code store}. */
        public Builder store(String url) { return set(STORE, url); }

        /** Sets {@code version}. */
        public Builder version(int version) { return set(VERSION, version); }

        /** Sets {@code processing_guarantee}. */
        public Builder processingGuarantee(ProcessingGuarantee guarantee) { return set(PROCESSING_GUARANTEE, guarantee); }

        /** Sets {@code topic_partitions}. */
        public Builder topicPartitions(int partitions) { return set(TOPIC_PARTITIONS, partitions); }

        /** Sets {@code topic_replication_factor}. */
        public Builder topicReplicationFactor(int factor) { return set(TOPIC_REPLICATION_FACTOR, factor); }

        /** Sets {@code topic_allow_declare}. */
        public Builder topicAllowDeclare(boolean allow) { return set(TOPIC_ALLOW_DECLARE, allow); }

        /** Sets {@code stream_buffer_maxsize}. */
        public Builder streamBufferMaxsize(int events) { return set(STREAM_BUFFER_MAXSIZE, events); }

        /** Sets {@code commit_interval}. */
        public Builder commitInterval(Duration interval) { return set(COMMIT_INTERVAL, interval); }

        /** Sets {@code commit_every}. */
        public Builder commitEvery(long events) { return set(COMMIT_EVERY, events); }

        /** Sets {@link #STOP_TIMEOUT}. */
        public Builder stopTimeout(Duration timeout) { return set(STOP_TIMEOUT, timeout); }

        /** Sets {@code key_serializer}. */
        public Builder keySerializer(String codec) { return set(KEY_SERIALIZER, codec); }

        /** Sets {@code value_serializer}. */
        public Builder valueSerializer(String codec) { return set(VALUE_SERIALIZER, codec); }

        /** Sets {@code faust_compat}: Faust's wire formats and topic names. */
        public Builder faustCompat(boolean compat) { return set(FAUST_COMPAT, compat); }

        /** Sets {@code datadir}. */
        public Builder datadir(Path directory) { return set(DATADIR, directory); }

        /** Sets {@code consumer_auto_offset_reset}. */
        public Builder consumerAutoOffsetReset(OffsetReset reset) { return set(CONSUMER_AUTO_OFFSET_RESET, reset); }

        /** Sets {@code consumer_max_poll_records}. */
        public Builder consumerMaxPollRecords(int records) { return set(CONSUMER_MAX_POLL_RECORDS, records); }

        /** Sets the clock the app reads time from (tests pass a manual one). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds a meter registry of your own (set in code only): every worker adds it to its
         * {@link Worker#meterRegistry()}, beside those of {@code metrics_registries}, and leaves it open when it
         * stops. Ignored with {@code metrics_enabled=false}.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            List<io.micrometer.core.instrument.MeterRegistry> all = new java.util.ArrayList<>(meterRegistries);
            all.add(Objects.requireNonNull(registry, "registry"));
            this.meterRegistries = List.copyOf(all);
            return this;
        }

        /** Reads settings from a properties file whose keys are setting names; overrides {@code FAUST4J_CONFIG}. */
        public Builder propertiesFile(Path file) {
            this.propertiesFile = Optional.of(Objects.requireNonNull(file, "file"));
            return this;
        }

        /** The environment to read {@code FAUST4J_*} variables from, instead of {@link System#getenv()}. */
        public Builder environment(Map<String, String> env) {
            this.environment = Optional.of(Map.copyOf(env));
            return this;
        }

        /**
         * Resolves every setting: code, then environment, then properties file, then default.
         *
         * @throws ConfigurationException naming the setting, the value, its source and what is allowed
         */
        public Settings build() {
            Map<String, String> env = environment.orElseGet(System::getenv);
            Builder snapshot = copy();
            return new Settings(snapshot, SettingsResolver.resolve(id, Map.copyOf(code), env, propertiesFile));
        }

        private Builder copy() {
            Builder copy = new Builder(id);
            copy.code.putAll(code);
            copy.propertiesFile = propertiesFile;
            copy.environment = environment;
            copy.clock = clock;
            copy.meterRegistries = meterRegistries;
            return copy;
        }
    }
}
