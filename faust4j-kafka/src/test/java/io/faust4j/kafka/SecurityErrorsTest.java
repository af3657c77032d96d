package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.Settings;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** The wording of security failures, without a broker: who the app is, which setting decides it, no secrets. */
class SecurityErrorsTest {
    private static SecurityErrors errors(String protocol, String keystore) {
        Settings.Builder builder = Settings.builder("app").broker("kafka://k:9093")
                .set(Settings.SECURITY_PROTOCOL, protocol);
        if (protocol.startsWith("SASL_")) {
            builder.set(Settings.SASL_USERNAME, "alice").set(Settings.SASL_PASSWORD, "s3cret-pw");
        }
        if (!keystore.isEmpty()) {
            builder.set(Settings.SSL_KEYSTORE_LOCATION, keystore).set(Settings.SSL_KEYSTORE_PASSWORD, "ks-pw");
        }
        return SecurityErrors.of("kafka://k:9093", builder.build());
    }

    @Test
    void namesThePrincipalByTheSettingThatDecidesIt() {
        var topics = new TopicAuthorizationException(Set.of("orders"));
        assertThat(errors("SASL_SSL", "").explain(topics, "describe topics").orElseThrow())
                .hasMessageContaining("user 'alice' (sasl_username) has no ACL for the topic(s) [orders]");
        assertThat(errors("SSL", "/etc/app.p12").explain(topics, "describe topics").orElseThrow())
                .hasMessageContaining("the certificate in ssl_keystore_location '/etc/app.p12' has no ACL")
                .hasMessageContaining("check ssl_keystore_location");
        assertThat(errors("PLAINTEXT", "").explain(new GroupAuthorizationException("no", "app"), "join").orElseThrow())
                .hasMessageContaining("an anonymous client (security_protocol PLAINTEXT has no login) has no ACL for"
                        + " consumer group 'app'")
                .hasMessageContaining("check security_protocol");
    }

    @Test
    void masksEverySecretKafkasOwnTextMightQuote() {
        var error = new SaslAuthenticationException("bad login s3cret-pw");
        assertThat(errors("SASL_PLAINTEXT", "").explain(error, "connect").orElseThrow().getMessage())
                .contains("bad login ****").doesNotContain("s3cret-pw");
    }

    @Test
    void aKeyStoreThatDoesNotLoadNamesTheKeyStoreSettings() {
        var error = new KafkaException("Failed to create new KafkaAdminClient",
                new KafkaException("Failed to load SSL keystore /etc/app.p12 of type PKCS12",
                        new java.io.IOException("keystore password was incorrect")));
        assertThat(errors("SSL", "/etc/app.p12").storeFailure(error).orElseThrow())
                .hasMessageStartingWith("Cannot load the key store '/etc/app.p12' (setting ssl_keystore_location)")
                .hasMessageContaining("ssl_keystore_password is its password");
    }

    @Test
    void leavesOtherFailuresAlone() {
        assertThat(errors("SASL_SSL", "").explain(new TimeoutException("slow"), "connect")).isEmpty();
        assertThat(errors("SASL_SSL", "").storeFailure(new KafkaException("no"))).isEmpty();
    }
}
