package io.faust4j.kafka;

import static io.faust4j.kafka.SecurityChecks.countsEveryOrder;
import static io.faust4j.kafka.SecurityChecks.failsAtStart;
import static io.faust4j.kafka.SecurityChecks.sasl;
import static io.faust4j.kafka.SecurityChecks.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.TransportException;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import io.faust4j.kafka.embedded.ListenerSecurity;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SASL over plain TCP on a real broker with the authorizer on: PLAIN and SCRAM logins run the order-count
 * app; a wrong password, an unknown user and missing ACLs fail the start with the setting to check.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SecuritySaslTest {
    private static final String PASSWORD = "alice-" + java.util.UUID.randomUUID();
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        var security = ListenerSecurity.saslPlaintext()
                .user("alice", PASSWORD)
                .authorizer(true);
        for (ResourceType type : new ResourceType[] {ResourceType.TOPIC, ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID}) {
            security = security.allow("User:alice", type, PatternType.PREFIXED, "sec-", AclOperation.ALL);
        }
        // topics of apps named nogroup-* are allowed, their consumer group is not
        security = security.allow("User:alice", ResourceType.TOPIC, PatternType.PREFIXED, "nogroup-", AclOperation.ALL);
        kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().security(security));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Login alice(String mechanism) {
        return Login.of(kafka.brokerUrl(), sasl("SASL_PLAINTEXT", mechanism, "alice", PASSWORD), PASSWORD);
    }

    @Test
    void countsEveryOrderOverSaslPlain() throws Exception {
        countsEveryOrder(alice("PLAIN"), unique("sec-plain"));
    }

    @Test
    void countsEveryOrderOverScramSha512() throws Exception {
        countsEveryOrder(alice("SCRAM-SHA-512"), unique("sec-scram"));
    }

    @Test
    void aWrongPasswordFailsTheStartNamingSaslPassword() {
        String wrong = "wrong-" + PASSWORD;
        Login login = alice("SCRAM-SHA-512").with(s -> s.set(io.faust4j.Settings.SASL_PASSWORD, wrong), wrong);
        TransportException e = failsAtStart(login, unique("sec-wrong"), unique("sec-orders"));
        assertThat(e).hasMessageStartingWith("Kafka at " + kafka.brokerUrl() + " refused the login of user 'alice'"
                        + " (sasl_username) with SCRAM-SHA-512 (sasl_mechanism)")
                .hasMessageContaining("Check sasl_password and sasl_username");
    }

    @Test
    void anUnknownUserFailsTheStartNamingSaslUsername() {
        Login login = Login.of(kafka.brokerUrl(), sasl("SASL_PLAINTEXT", "PLAIN", "mallory", PASSWORD), PASSWORD);
        TransportException e = failsAtStart(login, unique("sec-unknown"), unique("sec-orders"));
        assertThat(e).hasMessageStartingWith("Kafka at " + kafka.brokerUrl() + " refused the login of user 'mallory'"
                        + " (sasl_username) with PLAIN (sasl_mechanism)")
                .hasMessageContaining("Check sasl_password and sasl_username");
    }

    @Test
    void aTopicTheUserHasNoAclForFailsTheStartNamingTopicAndUser() {
        String topic = unique("forbidden");
        TransportException e = failsAtStart(alice("PLAIN"), unique("sec-acl"), topic);
        String topics = "[" + topic + ", " + topic + "-dlq]";  // the agent's source and its dead-letter topic
        assertThat(e).hasMessageStartingWith("Kafka at " + kafka.brokerUrl() + " refused to describe topics " + topics
                        + ": user 'alice' (sasl_username) has no ACL for the topic(s) " + topics)
                .hasMessageContaining("check sasl_username");
    }

    @Test
    void aConsumerGroupTheUserHasNoAclForFailsTheStartNamingTheGroup() {
        String id = unique("nogroup");
        TransportException e = failsAtStart(alice("SCRAM-SHA-512"), id, id + "-orders");
        assertThat(e).hasMessageContaining("user 'alice' (sasl_username) has no ACL for consumer group '" + id + "'")
                .hasMessageContaining("allow user 'alice' (sasl_username) Read on group '" + id + "'");
    }
}
