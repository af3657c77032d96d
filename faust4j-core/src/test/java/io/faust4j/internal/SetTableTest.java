package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.App;
import io.faust4j.CodecException;
import io.faust4j.SetTable;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.codec.SetCodec;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SetTable: add and discard elements of a key's set, changelogged as JSON arrays, recovered on restart. */
class SetTableTest {
    record Login(String user, String ip, boolean out) {}

    private final String broker = "sets-" + UUID.randomUUID();
    private final MemoryBroker memory = MemoryBroker.named(broker);

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private record Sets(App app, Topic<String, Login> logins, SetTable<String, String> ips) {}

    private Sets app() {
        App app = App.create("sets", s -> s.broker("memory://" + broker).topicPartitions(2)
                .commitInterval(Duration.ofMillis(20)));
        Topic<String, Login> logins = app.topic("logins", Login.class);
        SetTable<String, String> ips = app.setTable("ips", String.class, String.class);
        app.agent("track", logins.groupBy(Login::user), stream -> {
            for (Login login : stream) {
                if (login.out()) {
                    ips.discard(login.user(), login.ip());
                } else {
                    ips.add(login.user(), login.ip());
                }
            }
        });
        return new Sets(app, logins, ips);
    }

    private List<String> changelogValues(String user) {
        List<String> values = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            for (ConsumedRecord r : memory.read(new TopicPartition("sets-ips-changelog", p), 0)) {
                if (new String(r.key(), StandardCharsets.UTF_8).equals(user)) {
                    values.add(r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    @Test
    void addsAndDiscardsElementsAndRecoversTheSetsOnRestart() {
        Sets s = app();
        try (Worker worker = s.app().start()) {
            s.logins().send("ann", new Login("ann", "10.0.0.1", false));
            s.logins().send("ann", new Login("ann", "10.0.0.2", false));
            s.logins().send("ann", new Login("ann", "10.0.0.1", false)); // already there (same key: in order)
            s.logins().send("bob", new Login("bob", "10.0.0.9", false));
            s.logins().send("bob", new Login("bob", "10.0.0.9", true));  // last element: the key goes
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            assertThat(s.ips().get("ann")).containsExactly("10.0.0.1", "10.0.0.2");
            assertThat(s.ips().contains("ann", "10.0.0.2")).isTrue();
            assertThat(s.ips().get("bob")).isEmpty();
            assertThat(s.ips().table().containsKey("bob")).as("an empty set is no entry").isFalse();
            assertThat(changelogValues("ann")).last().isEqualTo("[\"10.0.0.1\",\"10.0.0.2\"]");
            assertThat(changelogValues("bob")).last().as("a tombstone").isNull();
            assertThatThrownBy(() -> s.ips().get("ann").add("x")).isInstanceOf(UnsupportedOperationException.class);
        }
        try (Worker worker = s.app().start()) {
            assertThat(s.ips().get("ann")).as("recovered from the changelog").containsExactly("10.0.0.1", "10.0.0.2");
            s.logins().send("ann", new Login("ann", "10.0.0.1", true));
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(s.ips().get("ann")).containsExactly("10.0.0.2");
            List<String> seen = new ArrayList<>();
            s.ips().forEach((user, set) -> seen.add(user + "=" + set));
            assertThat(seen).containsExactly("ann=[10.0.0.2]");
        }
    }

    @Test
    void aSetThatIsNotAJsonArrayFailsToDecodeWithAMessage() {
        SetCodec<Integer> codec = SetCodec.of(Integer.class);
        assertThat(codec.decode(codec.encode(Set.of(3)))).containsExactly(3);
        assertThatThrownBy(() -> codec.decode("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class).hasMessageContaining("expected a JSON array of Integer");
        assertThatThrownBy(() -> codec.decode("[1,null]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class).hasMessageContaining("without nulls");
    }
}
