package io.faust4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Worker;
import io.faust4j.internal.Murmur2;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code send}, {@code dlq list|replay} and {@code reset --offsets} against an app on the embedded Kafka broker. */
class KafkaCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "io.faust4j.cli.TestApps:readings";
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private Cli cli(String... args) {
        String[] all = new String[args.length + 6];
        all[0] = "-A";
        all[1] = APP;
        all[2] = "--broker";
        all[3] = kafka.brokerUrl();
        all[4] = "--datadir";
        all[5] = dir.resolve("data").toString();
        System.arraycopy(args, 0, all, 6, args.length);
        return Cli.run(all);
    }

    @Test
    void sendsListsAndReplaysDeadLettersAndResetsOffsets() throws Exception {
        Cli early = cli("send", "readings", "{\"sensor\":\"s1\",\"value\":1,\"place\":{\"room\":\"a\",\"floor\":1}}");
        assertThat(early.code()).isEqualTo(1);
        assertThat(early.err()).contains("Topic 'readings' does not exist on " + kafka.brokerUrl() + " yet");

        App app = TestApps.readings();
        @SuppressWarnings("unchecked")
        Table<String, TestApps.Reading> last = (Table<String, TestApps.Reading>) app.tables().get(0);
        try (Worker worker = app.start(s -> s.broker(kafka.brokerUrl()))) {
            Cli good = cli("send", "readings", "--key", "s1",
                    "{\"sensor\":\"s1\",\"value\":1.5,\"place\":{\"room\":\"lab\",\"floor\":2}}");
            assertThat(good.err()).isEmpty();
            int partition = Murmur2.partition("s1".getBytes(StandardCharsets.UTF_8), 2);
            assertThat(good.out().strip()).isEqualTo("Sent 1 record to topic readings (partition " + partition + ": 1)");

            Cli bad = cli("send", "@record", "--key", "s2", "--partition", "1", "--repeat", "3",
                    "{\"sensor\":\"s2\",\"value\":-4,\"place\":{\"room\":\"lab\",\"floor\":2}}");
            assertThat(bad.out().strip()).isEqualTo("Sent 3 records to topic readings (partition 1: 3)");
            assertThat(cli("send", "readings", "--partition", "2", "{}").err()).contains("Invalid value '{}'");
            assertThat(cli("send", "readings", "--partition", "2",
                    "{\"sensor\":\"s\",\"value\":1,\"place\":{\"room\":\"a\",\"floor\":1}}").err())
                    .contains("Invalid value 2 for --partition: topic 'readings' has partitions 0 to 1");

            assertThat(worker.awaitIdle(Duration.ofSeconds(60))).isTrue();
            assertThat(last.get("s1")).isEqualTo(new TestApps.Reading("s1", 1.5, new TestApps.Place("lab", 2)));

            JsonNode letters = JSON.readTree(cli("dlq", "list", "--json").out());
            assertThat(letters).hasSize(3);
            assertThat(letters.get(0).get("agent").asText()).isEqualTo("record");
            assertThat(letters.get(0).get("from").asText()).startsWith("readings[1]@");
            assertThat(letters.get(0).get("exception").asText()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(letters.get(0).get("message").asText()).isEqualTo("negative reading -4.0");
            assertThat(letters.get(0).get("key").asText()).isEqualTo("s2");
            assertThat(cli("dlq", "list", "--agent", "record").out()).contains("readings-dlq[1]@2", "negative reading");
            assertThat(cli("dlq", "list", "--agent", "nope").err()).contains("has no agent 'nope'");

            Cli replay = cli("dlq", "replay", "--exception", "IllegalArgumentException", "--from-offset", "2");
            assertThat(replay.out().strip()).isEqualTo("Replayed 1 dead letter");
            assertThat(worker.awaitIdle(Duration.ofSeconds(60))).isTrue();
            assertThat(JSON.readTree(cli("dlq", "list", "--json").out())).hasSize(4); // it failed again

            Cli busy = cli("reset", "--offsets", "--yes");
            assertThat(busy.code()).isEqualTo(1);
            assertThat(busy.err()).contains("Consumer group 'cli-readings' still has members: stop every worker");
        }
        assertThat(groups()).contains("cli-readings");
        Cli reset = cli("reset", "--offsets", "--yes");
        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("Deleted consumer group 'cli-readings' and its offsets");
        assertThat(groups()).doesNotContain("cli-readings");
        assertThat(cli("reset", "--offsets", "--yes").out()).contains("has no committed offsets");
    }

    private static java.util.List<String> groups() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            return admin.listGroups().all().get().stream().map(g -> g.groupId()).toList();
        }
    }
}
