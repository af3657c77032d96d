package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.ConfigurationException;
import io.faust4j.OffsetReset;
import io.faust4j.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings become the right kafka-clients properties, and bad combinations fail naming the settings. */
class KafkaClientConfigTest {
    private static KafkaClientConfig config(Consumer<Settings.Builder> configure) {
        Settings.Builder builder = Settings.builder("orders").environment(Map.of()).broker("kafka://k1:9092;kafka://k2:9093");
        configure.accept(builder);
        Settings settings = builder.build();
        return KafkaClientConfig.of(settings.broker(), settings);
    }

    private static KafkaClientConfig defaults() {
        return config(b -> { });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kafka://localhost:9092                 | localhost:9092",
            "kafka://localhost                      | localhost:9092",
            "kafka://broker-1.example.com:19092/    | broker-1.example.com:19092",
            "KAFKA://Host:1                         | Host:1",
            "kafka://[::1]:9095                     | [::1]:9095",
            "kafka://10.0.0.7:9092;kafka://10.0.0.8 | 10.0.0.7:9092,10.0.0.8:9092",
            "kafka://a:1,kafka://b:2                | a:1,b:2"})
    void turnsBrokerUrlsIntoBootstrapServers(String broker, String expected) {
        Settings settings = Settings.builder("x").environment(Map.of()).broker(broker).build();
        assertThat(KafkaClientConfig.bootstrapServers(settings.broker())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka://", "kafka://:9092", "kafka://host:notaport", "kafka://host:0", "kafka://host:70000",
            "kafka://user:secret@host:9092", "memory://x", "kafka://[::1"})
    void rejectsBrokerUrlsThatNameNoHostAndPort(String url) {
        assertThatThrownBy(() -> KafkaClientConfig.bootstrapServers(List.of(url)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'" + url.replace("user:secret", "****") + "'")
                .hasMessageContaining("expected kafka://host:port")
                .hasMessageNotContaining("secret");
    }

    @Test
    void everyClientGetsBootstrapServersRequestTimeoutAndPlaintextByDefault() {
        KafkaClientConfig config = config(b -> b.set(Settings.BROKER_REQUEST_TIMEOUT, Duration.ofSeconds(12)));
        for (Map<String, Object> props : List.of(config.admin("a"), config.producer("p"), config.consumer("g", "c"),
                config.reader("r"))) {
            assertThat(props).containsEntry("bootstrap.servers", "k1:9092,k2:9093")
                    .containsEntry("request.timeout.ms", 12_000)
                    .containsEntry("security.protocol", "PLAINTEXT")
                    .doesNotContainKeys(SaslConfigs.SASL_JAAS_CONFIG, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        }
        assertThat(config.admin("a")).containsEntry(AdminClientConfig.CLIENT_ID_CONFIG, "a")
                .containsEntry(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
    }

    @Test
    void producerDefaultsAreTunedForThroughputAndNoLoss() {
        Map<String, Object> producer = defaults().producer("worker-1");

        assertThat(producer).containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "worker-1")
                .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())
                .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")
                .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    }

    @Test
    void producerSettingsMapToTheirProperties() {
        Map<String, Object> producer = config(b -> b.set("producer_linger", "0").set("producer_batch_size", "256KiB")
                .set("producer_compression_type", "LZ4").set("producer_acks", "1")
                .set("producer_max_request_size", "4MiB").set("broker_request_timeout", "150s")).producer("p");

        assertThat(producer).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "1")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false)
                .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 150_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0"})
    void acksOtherThanAllSendOneRequestAtATimeToKeepPartitionOrder(String acks) {
        Map<String, Object> producer = config(b -> b.set("producer_acks", acks)).producer("p");

        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, acks)
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false)
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        assertThat(new ProducerConfig(producer).getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION))
                .as("what kafka-clients makes of it").isEqualTo(1);
    }

    @Test
    void acksAllIsIdempotentAndKeepsKafkasDefaultRequestsInFlight() {
        Map<String, Object> producer = config(b -> b.set("producer_acks", "all")).producer("p");

        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .doesNotContainKey(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        assertThat(new ProducerConfig(producer).getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION))
                .as("Kafka's default, ordering-safe with idempotence").isEqualTo(5);
    }

    @Test
    void groupConsumerCommitsByHandWithTheEagerRangeAssignorOfTheClassicProtocol() {
        Map<String, Object> consumer = config(b -> b.consumerAutoOffsetReset(OffsetReset.LATEST)
                .consumerMaxPollRecords(2000)).consumer("orders", "orders-1a2b");

        assertThat(consumer).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "orders")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "orders-1a2b")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")
                .containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName())
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000)
                .containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)
                .containsEntry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())
                .containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 45_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000)
                .containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
    }

    @Test
    void consumerTuningSettingsMapToTheirProperties() {
        KafkaClientConfig config = config(b -> b.set("consumer_fetch_min_bytes", "64KiB")
                .set("consumer_fetch_max_wait", "100ms").set("consumer_fetch_max_bytes", "16MiB")
                .set("consumer_max_partition_fetch_bytes", "2MiB").set("broker_session_timeout", "10s")
                .set("broker_heartbeat_interval", "2s").set("broker_max_poll_interval", "15m"));
        for (Map<String, Object> props : List.of(config.consumer("g", "c"), config.reader("r"))) {
            assertThat(props).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024)
                    .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100)
                    .containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024)
                    .containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
        }
        assertThat(config.consumer("g", "c")).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000)
                .containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 900_000);
    }

    @Test
    void readerHasNoGroupReadsFromTheStartAndPollsInBulk() {
        Map<String, Object> reader = defaults().reader("w-recovery");

        assertThat(reader).doesNotContainKeys(ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.GROUP_PROTOCOL_CONFIG)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, KafkaClientConfig.READER_MIN_POLL_RECORDS);
    }

    @Test
    void aHeartbeatIntervalNotBelowTheSessionTimeoutIsRejected() {
        KafkaClientConfig config = config(b -> b.set("broker_session_timeout", "6s").set("broker_heartbeat_interval", "6s"));
        assertThatThrownBy(() -> config.consumer("g", "c")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("broker_heartbeat_interval").hasMessageContaining("broker_session_timeout");
    }

    @ParameterizedTest
    @CsvSource({
            "PLAIN, org.apache.kafka.common.security.plain.PlainLoginModule",
            "SCRAM-SHA-256, org.apache.kafka.common.security.scram.ScramLoginModule",
            "scram_sha_512, org.apache.kafka.common.security.scram.ScramLoginModule"})
    void saslLogsInWithTheLoginModuleOfItsMechanism(String mechanism, String module) {
        Map<String, Object> admin = config(b -> b.set("security_protocol", "sasl_ssl").set("sasl_mechanism", mechanism)
                .set("sasl_username", "alice").set(Settings.SASL_PASSWORD, "s3cr\"et\\")).admin("a");

        assertThat(admin).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(SaslConfigs.SASL_MECHANISM, mechanism.toUpperCase().replace('_', '-'))
                .containsEntry(SaslConfigs.SASL_JAAS_CONFIG,
                        module + " required username=\"alice\" password=\"s3cr\\\"et\\\\\";");
    }

    @Test
    void theJaasLineParsesBackToTheUserAndPassword() {
        for (String mechanism : List.of("PLAIN", "SCRAM-SHA-256")) {
            String line = KafkaClientConfig.jaasConfig(mechanism, "bob \"the\" builder", "p\\a\"ss word");
            var entries = JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG,
                    new org.apache.kafka.common.config.types.Password(line))).configurationEntries();
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).getLoginModuleName()).isEqualTo(mechanism.equals("PLAIN")
                    ? PlainLoginModule.class.getName() : ScramLoginModule.class.getName());
            Map<String, ?> options = entries.get(0).getOptions();
            assertThat(options.get("username")).isEqualTo("bob \"the\" builder");
            assertThat(options.get("password")).isEqualTo("p\\a\"ss word");
        }
    }

    @Test
    void saslWithoutUserOrPasswordFailsNamingTheSettings() {
        assertThatThrownBy(() -> config(b -> b.set("security_protocol", "SASL_PLAINTEXT").set("sasl_username", "u")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("security_protocol").hasMessageContaining("sasl_password is empty");
    }

    @Test
    void aLoginWithoutASaslProtocolFailsWithoutPrintingThePassword() {
        assertThatThrownBy(() -> config(b -> b.set("sasl_username", "u").set("sasl_password", "hunter2")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'sasl_username' is set but 'security_protocol' is PLAINTEXT")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void tlsSettingsArePassedWhenTheProtocolUsesTls() {
        Map<String, Object> props = config(b -> b.set("security_protocol", "SSL")
                .set("ssl_truststore_location", "/etc/kafka/trust.p12").set("ssl_truststore_password", "tp")
                .set("ssl_keystore_location", "/etc/kafka/me.p12").set("ssl_keystore_password", "kp")
                .set("ssl_key_password", "k").set("ssl_endpoint_identification_algorithm", "")).consumer("g", "c");

        assertThat(props).containsEntry("security.protocol", "SSL")
                .containsEntry(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, "/etc/kafka/trust.p12")
                .containsEntry(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, "tp")
                .containsEntry(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, "/etc/kafka/me.p12")
                .containsEntry(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, "kp")
                .containsEntry(SslConfigs.SSL_KEY_PASSWORD_CONFIG, "k")
                .containsEntry(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "")
                .doesNotContainKey(SaslConfigs.SASL_JAAS_CONFIG);
    }

    @Test
    void tlsWithTheJvmTrustStoreSetsOnlyTheHostnameCheck() {
        Map<String, Object> props = config(b -> b.set("security_protocol", "SASL_SSL").set("sasl_username", "u")
                .set("sasl_password", "p")).producer("p");

        assertThat(props).containsEntry(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "https")
                .doesNotContainKeys(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG);
    }

    @Test
    void aTrustStoreWithoutTlsFailsNamingTheSettings() {
        assertThatThrownBy(() -> config(b -> b.set("ssl_truststore_location", "/t.jks")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'ssl_truststore_location' is set but 'security_protocol' is PLAINTEXT");
    }

    @Test
    void theConfigNeverPrintsItsProperties() {
        KafkaClientConfig config = config(b -> b.set("security_protocol", "SASL_SSL").set("sasl_username", "u")
                .set("sasl_password", "hunter2"));
        assertThat(config.toString()).doesNotContain("hunter2").contains("kafka://k1:9092");
    }
}
