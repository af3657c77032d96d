package io.faust4j.kafka;

import static io.faust4j.kafka.SecurityChecks.countsEveryOrder;
import static io.faust4j.kafka.SecurityChecks.failsAtStart;
import static io.faust4j.kafka.SecurityChecks.sasl;
import static io.faust4j.kafka.SecurityChecks.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.Faust4jException;
import io.faust4j.Topic;
import io.faust4j.TransportException;
import io.faust4j.Worker;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
        // apps named notxn-* may use their topics and group, not transactional ids
        security = security.allow("User:alice", ResourceType.TOPIC, PatternType.PREFIXED, "notxn-", AclOperation.ALL)
                .allow("User:alice", ResourceType.GROUP, PatternType.PREFIXED, "notxn-", AclOperation.ALL);
        // topics named readonly-* may be described and created, not written
        security = security.allow("User:alice", ResourceType.TOPIC, PatternType.PREFIXED, "readonly-", AclOperation.DESCRIBE)
                .allow("User:alice", ResourceType.TOPIC, PatternType.PREFIXED, "readonly-", AclOperation.CREATE);
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
    void countsEveryOrderExactlyOnceOverScramSha512WithTransactionalIdAcls() throws Exception {
        // transactions also need the broker's inter-broker listener: it sends the commit markers to itself
        countsEveryOrder(alice("SCRAM-SHA-512").with(s -> s.set(io.faust4j.Settings.PROCESSING_GUARANTEE,
                io.faust4j.ProcessingGuarantee.EXACTLY_ONCE)), unique("sec-eos"));
    }

    @Test
    void transactionalIdsTheUserHasNoAclForFailTheStartUnderExactlyOnce() {
        String id = unique("notxn");
        Login login = alice("PLAIN").with(s -> s.set(io.faust4j.Settings.PROCESSING_GUARANTEE,
                io.faust4j.ProcessingGuarantee.EXACTLY_ONCE));
        TransportException e = failsAtStart(login, id, id + "-orders");
        assertThat(e).hasMessageContaining("user 'alice' (sasl_username) has no ACL for the app's transactional ids")
                .hasMessageContaining("processing_guarantee=exactly_once needs Write and Describe on transactional ids"
                        + " starting with the app's id");
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

    @Test
    void aSendToATopicWithoutWriteAclFailsTheNextCommitNamingTopicAndUser() throws Exception {
        String id = unique("sec-out");
        String output = unique("readonly");
        Login login = alice("PLAIN");
        App app = App.create(id, s -> {
            login.apply(s);
            OrderCountsApp.QUICK_GROUP.accept(s);
        });
        Topic<String, String> orders = app.topic(id + "-orders", String.class);
        Topic<String, String> out = app.topic(output, String.class);
        app.agent("forward", orders, stream -> {
            for (String order : stream) {
                out.send(order);
            }
        });
        Throwable failure;
        List<String> logs;
        try (LogCapture capture = LogCapture.start(); Worker worker = app.start();
             var producer = new KafkaProducer<>(login.clientProperties(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(id + "-orders", "o-1", "\"order 1\"")).get(10, TimeUnit.SECONDS);  // JSON
            long deadline = System.nanoTime() + SecurityChecks.FAILS_WITHIN.toNanos();
            failure = null;
            while (failure == null) {
                assertThat(System.nanoTime()).as("the refused send fails a commit within %s; the log: %s",
                        SecurityChecks.FAILS_WITHIN, capture.lines()).isLessThan(deadline);
                try {
                    worker.commit();
                    Thread.sleep(50);
                } catch (Faust4jException e) {
                    failure = e;
                }
            }
            logs = capture.lines();
        }
        assertThat(failure).hasMessageContaining("Kafka at " + kafka.brokerUrl() + " refused to send: user 'alice'"
                        + " (sasl_username) has no ACL for the topic(s) [" + output + "]")
                .hasMessageContaining("check sasl_username");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain(PASSWORD);
        }
        assertThat(logs).isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
        System.out.println(id + " failed its commit: " + failure.getMessage());
    }
}
