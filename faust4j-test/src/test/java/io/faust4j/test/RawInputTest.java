package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.DeadLetter;
import io.faust4j.Event;
import io.faust4j.Topic;
import io.faust4j.internal.Murmur2;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records given as bytes (sendRaw, putRaw) and typed views of what agents emitted. */
class RawInputTest {
    record Login(String user, String ip) {}

    record Seen(String key, String user, String trace, long timestamp, int partition) {}

    private static App app(String id) {
        return App.create(id, s -> s.topicPartitions(4));
    }

    @Test
    void aRawRecordKeepsItsKeyHeadersAndTimestamp() {
        App app = app("raw");
        Topic<String, Login> logins = app.topic("logins", Login.class);
        Agent<String, Login> watch = app.agent("watch", logins, stream -> {
            for (Event<String, Login> e : stream.events()) {
                stream.emit(new Seen(e.key().orElseThrow(), e.value().user(), e.headers().get(0).valueAsString(), e.timestamp(),
                        e.partition()));
            }
        });
        try (TestDriver driver = TestDriver.create(app)) {
            byte[] key = "ann".getBytes(StandardCharsets.UTF_8); // String keys are UTF-8 text by default
            driver.putRaw(watch, RawRecord.of("{\"user\":\"ann\",\"ip\":\"10.0.0.1\"}").key(key)
                    .header("trace", "t-1").timestamp(Instant.parse("2023-06-01T12:00:00Z")));

            assertThat(driver.emitted(watch, Seen.class)).containsExactly(new Seen("ann", "ann", "t-1",
                    Instant.parse("2023-06-01T12:00:00Z").toEpochMilli(), Murmur2.partition(key, 4)));
        }
    }

    @Test
    void aRawRecordWithoutTimestampIsStampedWithTheClock() {
        App app = app("raw-clock");
        Topic<String, String> words = app.topic("words", String.class);
        Agent<String, String> stamp = app.agent("stamp", words, stream -> {
            for (Event<String, String> e : stream.events()) {
                stream.emit(e.timestamp());
            }
        });
        try (TestDriver driver = TestDriver.create(app)) {
            driver.clock().set(Instant.parse("2024-03-01T00:00:00Z"));
            driver.putRaw(stamp, RawRecord.of("\"hello\""));
            assertThat(driver.emitted(stamp, Long.class)).containsExactly(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli());
        }
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicWithItsBytes() {
        App app = app("raw-bad");
        Topic<String, Login> logins = app.topic("logins", Login.class);
        Agent<String, Login> watch = app.agent("watch", logins, stream -> {
            for (Login login : stream) {
                stream.emit(login.user());
            }
        });
        try (TestDriver driver = TestDriver.create(app, TestDriverOptions.defaults().failOnErrors(false))) {
            driver.putRaw(watch, RawRecord.of("{not json").key("k").header("source", "legacy"));
            driver.put(watch, "k", new Login("bob", "10.0.0.2"));

            assertThat(driver.emitted(watch, String.class)).containsExactly("bob");
            assertThat(driver.worker().stats().decodeErrors()).isEqualTo(1);
            List<DeadLetter> letters = driver.worker().deadLetters().list(l -> true);
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
                assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("k");
                assertThat(letter.headers()).extracting(h -> h.key() + "=" + h.valueAsString()).containsExactly("source=legacy");
            });
        }
    }

    @Test
    void aTombstoneReachesTheEventsView() {
        App app = app("raw-tombstone");
        Topic<String, String> words = app.topic("words", String.class);
        Agent<String, String> deletes = app.agent("deletes", words, stream -> {
            for (Event<String, String> e : stream.events()) {
                stream.emit(e.key().orElseThrow() + "=" + e.value());
            }
        });
        try (TestDriver driver = TestDriver.create(app)) {
            driver.putRaw(deletes, RawRecord.tombstone("gone".getBytes(StandardCharsets.UTF_8)));
            assertThat(driver.emitted(deletes, String.class)).containsExactly("gone=null");
        }
    }

    @Test
    void aRawRecordIsRefusedForAChannel() {
        App app = app("raw-channel");
        Topic<String, String> channel = app.channel("inbox", String.class);
        app.agent("read", channel, stream -> stream.forEach(stream::emit));
        try (TestDriver driver = TestDriver.create(app)) {
            assertThatThrownBy(() -> driver.sendRaw(channel, RawRecord.of("x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inbox is a channel");
        }
    }

    @Test
    void emittedValuesOfAnotherTypeFailWithTheirIndexAndClass() {
        App app = app("typed");
        Topic<String, String> words = app.topic("words", String.class);
        Agent<String, String> mixed = app.agent("mixed", words, stream -> {
            for (String word : stream) {
                stream.emit(word.length() > 3 ? word : (Object) word.length());
            }
        });
        try (TestDriver driver = TestDriver.create(app)) {
            driver.put(mixed, "k", "long");
            driver.put(mixed, "k", "hi");
            assertThatThrownBy(() -> driver.emitted(mixed, String.class)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Agent 'mixed' emitted 2 value(s), and value 1 is a java.lang.Integer (2),"
                            + " not a java.lang.String");
            assertThat(driver.emitted(mixed, Object.class)).containsExactly("long", 2);
        }
    }
}
