package io.faust4j.kafka;

import static io.faust4j.kafka.SecurityChecks.countsEveryOrder;
import static io.faust4j.kafka.SecurityChecks.failsAtStart;
import static io.faust4j.kafka.SecurityChecks.sasl;
import static io.faust4j.kafka.SecurityChecks.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.App;
import io.faust4j.ConfigurationException;
import io.faust4j.Settings;
import io.faust4j.TransportException;
import io.faust4j.kafka.embedded.CertificateAuthority;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import io.faust4j.kafka.embedded.KeyStoreFile;
import io.faust4j.kafka.embedded.ListenerSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS on real brokers with certificates made for this run: TLS, mutual TLS and SASL_SSL run the
 * order-count app; an untrusted broker certificate, a missing or untrusted client certificate and a
 * broker certificate for another host fail the start with the setting to check.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SecurityTlsTest {
    private static final String SASL_PASSWORD = "alice-" + UUID.randomUUID();
    private static Path dir;
    private static KeyStoreFile trust;
    private static KeyStoreFile otherTrust;
    private static KeyStoreFile clientKeys;
    private static KeyStoreFile strangerKeys;
    private static EmbeddedKafka tls;
    private static EmbeddedKafka mutualTls;
    private static EmbeddedKafka saslSsl;
    private static EmbeddedKafka otherHost;
    private static final List<EmbeddedKafka> BROKERS = new ArrayList<>();

    @BeforeAll
    static void startBrokers() throws Exception {
        dir = Files.createTempDirectory("faust4j-tls-");
        var ca = CertificateAuthority.create("faust4j-test-ca");
        KeyStoreFile brokerKeys = ca.issue("broker", List.of("127.0.0.1", "localhost"), dir.resolve("broker.p12"));
        KeyStoreFile elsewhereKeys = ca.issue("broker", List.of("kafka.example.test"), dir.resolve("elsewhere.p12"));
        trust = ca.writeTruststore(dir.resolve("truststore.p12"));
        clientKeys = ca.issue("orders-app", List.of(), dir.resolve("client.p12"));
        var otherCa = CertificateAuthority.create("some-other-ca");
        otherTrust = otherCa.writeTruststore(dir.resolve("other-truststore.p12"));
        strangerKeys = otherCa.issue("stranger", List.of(), dir.resolve("stranger.p12"));

        tls = start(ListenerSecurity.ssl(brokerKeys));
        mutualTls = start(ListenerSecurity.ssl(brokerKeys).requireClientCertificates(trust));
        saslSsl = start(ListenerSecurity.saslSsl(brokerKeys).user("alice", SASL_PASSWORD));
        otherHost = start(ListenerSecurity.ssl(elsewhereKeys));
    }

    private static EmbeddedKafka start(ListenerSecurity security) {
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().security(security));
        BROKERS.add(kafka);
        return kafka;
    }

    @AfterAll
    static void stopBrokers() throws Exception {
        BROKERS.forEach(EmbeddedKafka::close);
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** TLS to {@code kafka}, trusting {@code trusted}. */
    private static Login tlsLogin(EmbeddedKafka kafka, KeyStoreFile trusted) {
        return Login.of(kafka.brokerUrl(), s -> s.set(Settings.SECURITY_PROTOCOL, "SSL")
                .set(Settings.SSL_TRUSTSTORE_LOCATION, trusted.location())
                .set(Settings.SSL_TRUSTSTORE_PASSWORD, trusted.password()), trusted.password());
    }

    /** The same login presenting the certificate in {@code keys}. */
    private static Login withCertificate(Login login, KeyStoreFile keys) {
        return login.with(s -> s.set(Settings.SSL_KEYSTORE_LOCATION, keys.location())
                .set(Settings.SSL_KEYSTORE_PASSWORD, keys.password()), keys.password());
    }

    @Test
    void countsEveryOrderOverTls() throws Exception {
        countsEveryOrder(tlsLogin(tls, trust), unique("tls"));
    }

    @Test
    void countsEveryOrderOverMutualTls() throws Exception {
        countsEveryOrder(withCertificate(tlsLogin(mutualTls, trust), clientKeys), unique("mtls"));
    }

    @Test
    void countsEveryOrderOverSaslSsl() throws Exception {
        Login login = tlsLogin(saslSsl, trust).with(sasl("SASL_SSL", "SCRAM-SHA-256", "alice", SASL_PASSWORD),
                SASL_PASSWORD);
        countsEveryOrder(login, unique("sasl-ssl"));
    }

    @Test
    void anUntrustedBrokerCertificateFailsTheStartNamingTheTruststore() {
        TransportException e = failsAtStart(tlsLogin(tls, otherTrust), unique("untrusted"), "orders");
        assertThat(e).hasMessageStartingWith("Kafka at " + tls.brokerUrl() + " presented a certificate this client"
                        + " does not trust")
                .hasMessageContaining("Check ssl_truststore_location (now '" + otherTrust.location() + "')");
    }

    @Test
    void aMissingClientCertificateFailsTheStartNamingTheKeystore() {
        TransportException e = failsAtStart(tlsLogin(mutualTls, trust), unique("no-cert"), "orders");
        assertThat(e).hasMessageStartingWith("Kafka at " + mutualTls.brokerUrl() + " requires a client certificate"
                        + " (mutual TLS) and this client has none")
                .hasMessageContaining("Set ssl_keystore_location (with ssl_keystore_password)");
    }

    @Test
    void aClientCertificateOfAnotherAuthorityFailsTheStartNamingTheKeystore() {
        Login login = withCertificate(tlsLogin(mutualTls, trust), strangerKeys);
        TransportException e = failsAtStart(login, unique("stranger"), "orders");
        assertThat(e).hasMessageStartingWith("Kafka at " + mutualTls.brokerUrl() + " did not accept the client"
                        + " certificate from ssl_keystore_location '" + strangerKeys.location() + "'")
                .hasMessageContaining("Check ssl_keystore_location");
    }

    @Test
    void aBrokerCertificateForAnotherHostFailsTheStartNamingEndpointIdentification() {
        TransportException e = failsAtStart(tlsLogin(otherHost, trust), unique("other-host"), "orders");
        assertThat(e).hasMessageStartingWith("The certificate of Kafka at " + otherHost.brokerUrl()
                        + " does not name the host the client connected to")
                .hasMessageContaining("Check ssl_endpoint_identification_algorithm (now 'https'");
    }

    @Test
    void aPlaintextClientOnATlsListenerFailsWithinTheConnectTimeoutNamingSecurityProtocol() {
        Login login = Login.of(tls.brokerUrl(), s -> s.set(Settings.BROKER_CONNECT_TIMEOUT, java.time.Duration.ofSeconds(3)));
        TransportException e = failsAtStart(login, unique("plain-on-tls"), "orders");
        assertThat(e).hasMessageStartingWith("Cannot reach Kafka at " + tls.brokerUrl() + " within 3 s")
                .hasMessageContaining("security_protocol (now PLAINTEXT) the protocol of its listener?");
    }

    @Test
    void aWrongTruststorePasswordFailsAtOnceNamingTheSettingWithoutThePassword() {
        String wrong = "not-" + trust.password();
        App app = App.create(unique("bad-store"), s -> {
            tlsLogin(tls, trust).apply(s);
            s.set(Settings.SSL_TRUSTSTORE_PASSWORD, wrong);
        });
        app.agent("a", app.topic("orders", String.class), stream -> stream.forEach(v -> { }));
        assertThatThrownBy(app::start).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Cannot load the trust store '" + trust.location()
                        + "' (setting ssl_truststore_location)")
                .hasMessageContaining("ssl_truststore_password is its password")
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain(wrong).doesNotContain(trust.password()))
                .satisfies(t -> System.out.println("bad-store failed at once: " + t.getMessage()));
    }
}
