package io.faust4j.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class ListenerSecurityTest {
    private static final KeyStoreFile KEYS = new KeyStoreFile(Path.of("/tmp/broker.p12"), "keystore-secret");

    @Test
    void aSecuredNodeHasNoListenerWithoutAuthentication() {
        var security = ListenerSecurity.saslSsl(KEYS).user("alice", "alice-secret").authorizer(true);
        try (var sockets = PreboundSockets.bind(SecuredBrokerSettings.LISTENERS, 0)) {
            Map<String, String> props = SecuredBrokerSettings.of(Path.of("/data"), sockets, Map.of(), security, "internal-pw");
            assertThat(props.get("listener.security.protocol.map"))
                    .isEqualTo("CLIENT:SASL_SSL,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
            assertThat(props.get("listeners")).doesNotContain("PLAINTEXT://");
            assertThat(props).containsEntry("authorizer.class.name", SecuredBrokerSettings.AUTHORIZER)
                    .containsEntry("super.users", "User:faust4j-broker")
                    .containsEntry("allow.everyone.if.no.acl.found", "false")
                    .containsEntry("listener.name.client.sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512")
                    .containsEntry("listener.name.client.ssl.client.auth", "none")
                    .containsEntry("listener.name.client.ssl.keystore.location", "/tmp/broker.p12");
            assertThat(props.get("listener.name.client.plain.sasl.jaas.config")).contains("user_alice=\"alice-secret\"");
            assertThat(props.get("listener.name.client.plain.sasl.jaas.config")).doesNotContain("faust4j-broker");
        }
    }

    @Test
    void rejectsCombinationsThatCannotWorkNamingThem() {
        assertThatThrownBy(() -> ListenerSecurity.plaintext().user("alice", "pw"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need a SASL protocol");
        assertThatThrownBy(() -> EmbeddedKafka.Options.defaults().security(ListenerSecurity.saslPlaintext()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs at least one user");
        assertThatThrownBy(() -> ListenerSecurity.saslPlaintext().user("faust4j-broker", "pw"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the broker uses it itself");
        assertThatThrownBy(() -> ListenerSecurity.saslPlaintext().user("a b", "pw"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a b'");
        assertThatThrownBy(() -> ListenerSecurity.saslPlaintext().user("alice", "pw")
                .allow("User:alice", ResourceType.TOPIC, PatternType.LITERAL, "t", AclOperation.READ))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("authorizer(true)");
        var secured = EmbeddedKafka.Options.defaults().security(ListenerSecurity.ssl(KEYS));
        assertThatThrownBy(() -> secured.childProcess(true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in-process broker");
    }

    @Test
    void neverPrintsAPassword() {
        var security = ListenerSecurity.saslSsl(KEYS).user("alice", "alice-secret")
                .requireClientCertificates(new KeyStoreFile(Path.of("/tmp/trust.p12"), "trust-secret"));
        assertThat(List.of(security.toString(), KEYS.toString(),
                EmbeddedKafka.Options.defaults().security(security).toString()))
                .noneMatch(text -> text.contains("alice-secret") || text.contains("keystore-secret")
                        || text.contains("trust-secret"));
    }
}
