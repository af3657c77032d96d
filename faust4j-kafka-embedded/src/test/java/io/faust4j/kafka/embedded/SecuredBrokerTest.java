package io.faust4j.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Brokers with secured listeners, checked with plain kafka-clients: real handshakes, real logins, real ACLs. */
@Timeout(90)
class SecuredBrokerTest {
    @TempDir
    Path dir;

    @Test
    void saslSslLetsInKnownUsersWithEveryMechanismAndTheAuthorizerAppliesTheirAcls() throws Exception {
        var ca = CertificateAuthority.create("test-ca");
        KeyStoreFile brokerKeys = ca.issue("broker", List.of("127.0.0.1"), dir.resolve("broker.p12"));
        KeyStoreFile trust = ca.writeTruststore(dir.resolve("trust.p12"));
        var security = ListenerSecurity.saslSsl(brokerKeys)
                .user("alice", "alice-\"secret\"")
                .user("bob", "bob-secret")
                .authorizer(true)
                .allow("User:alice", ResourceType.TOPIC, PatternType.PREFIXED, "alice-", AclOperation.ALL);
        try (var kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().security(security))) {
            var alice = tls(saslClient(kafka, "SCRAM-SHA-512", "alice", "alice-\"secret\""), trust);
            try (var admin = Admin.create(alice)) {
                admin.createTopics(List.of(new NewTopic("alice-orders", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            var aliceProducer = new HashMap<>(tls(saslClient(kafka, "SCRAM-SHA-256", "alice", "alice-\"secret\""), trust));
            aliceProducer.put("max.block.ms", 20_000);
            try (var producer = new KafkaProducer<>(aliceProducer, new StringSerializer(), new StringSerializer())) {
                assertThat(producer.send(new ProducerRecord<>("alice-orders", "k", "v")).get(30, TimeUnit.SECONDS).offset())
                        .isZero();
            }

            try (var admin = Admin.create(tls(saslClient(kafka, "PLAIN", "bob", "bob-secret"), trust))) {
                assertThatThrownBy(() -> admin.describeTopics(List.of("alice-orders")).allTopicNames()
                        .get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
            try (var admin = Admin.create(tls(saslClient(kafka, "SCRAM-SHA-512", "bob", "wrong"), trust))) {
                assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void mutualTlsServesClientsWithACertificateOfTheTrustedAuthorityOnly() throws Exception {
        var ca = CertificateAuthority.create("test-ca");
        KeyStoreFile brokerKeys = ca.issue("broker", List.of("127.0.0.1", "localhost"), dir.resolve("broker.p12"));
        KeyStoreFile trust = ca.writeTruststore(dir.resolve("trust.p12"));
        KeyStoreFile clientKeys = ca.issue("orders-app", List.of(), dir.resolve("client.p12"));
        KeyStoreFile strangerKeys = CertificateAuthority.create("other-ca")
                .issue("stranger", List.of(), dir.resolve("stranger.p12"));
        var security = ListenerSecurity.ssl(brokerKeys).requireClientCertificates(trust);
        try (var kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().security(security))) {
            var base = new HashMap<String, Object>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "security.protocol", "SSL"));
            try (var admin = Admin.create(keystore(tls(base, trust), clientKeys))) {
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isNotBlank();
            }
            try (var admin = Admin.create(tls(base, trust))) {
                assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SslAuthenticationException.class);
            }
            try (var admin = Admin.create(keystore(tls(base, trust), strangerKeys))) {
                assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SslAuthenticationException.class);
            }
        }
    }

    @Test
    void aKeptDirectoryGetsTheScramUsersOfALaterStart() throws Exception {
        Path data = dir.resolve("data");
        var first = ListenerSecurity.saslPlaintext().user("alice", "alice-secret");
        try (var kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().dataDir(data).security(first))) {
            assertThat(clusterId(saslClient(kafka, "SCRAM-SHA-256", "alice", "alice-secret"))).isNotBlank();
        }
        var second = first.user("carol", "carol-secret");
        try (var kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().dataDir(data).security(second))) {
            assertThat(clusterId(saslClient(kafka, "SCRAM-SHA-512", "carol", "carol-secret"))).isNotBlank();
            assertThat(clusterId(saslClient(kafka, "PLAIN", "carol", "carol-secret"))).isNotBlank();
        }
    }

    private static String clusterId(Map<String, Object> config) throws Exception {
        try (var admin = Admin.create(config)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    static Map<String, Object> saslClient(EmbeddedKafka kafka, String mechanism, String user, String password) {
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", mechanism,
                "sasl.jaas.config", module + " required username=\"" + user + "\" password=\""
                        + SecuredBrokerSettings.quoted(password) + "\";");
    }

    /** The same client over TLS, trusting the CA in {@code trust}. */
    static Map<String, Object> tls(Map<String, Object> config, KeyStoreFile trust) {
        var copy = new HashMap<>(config);
        copy.put("security.protocol", config.get("security.protocol").equals("SSL") ? "SSL" : "SASL_SSL");
        copy.put("ssl.truststore.location", trust.location());
        copy.put("ssl.truststore.password", trust.password());
        copy.put("ssl.truststore.type", "PKCS12");
        return copy;
    }

    static Map<String, Object> keystore(Map<String, Object> config, KeyStoreFile keys) {
        var copy = new HashMap<>(config);
        copy.put("ssl.keystore.location", keys.location());
        copy.put("ssl.keystore.password", keys.password());
        copy.put("ssl.keystore.type", "PKCS12");
        return copy;
    }
}
