package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Topic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class Faust4jExtensionTest {
    /** Drivers seen by the tests, checked to be closed once all have run. */
    private static final List<TestDriver> SEEN = new CopyOnWriteArrayList<>();

    /** A tally app: counts words. */
    record Tally(App app, Topic<String, String> words, Table<String, Long> counts, Agent<String, String> tally) {
        static Tally create() {
            App app = App.create("tally", s -> s.topicPartitions(2));
            Topic<String, String> words = app.topic("words", String.class);
            Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
            Agent<String, String> tally = app.agent("tally", words.groupBy(w -> w), stream -> {
                for (String word : stream) {
                    counts.update(word, n -> n + 1);
                }
            });
            return new Tally(app, words, counts, tally);
        }
    }

    private final Tally tally = Tally.create();

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(tally::app);

    private TestDriver fromBeforeEach;

    @BeforeEach
    void takeDriver(TestDriver driver) {
        fromBeforeEach = driver;
    }

    @AfterAll
    static void everyDriverWasClosed() {
        assertThat(SEEN).hasSize(2);
        for (TestDriver driver : SEEN) {
            assertThatThrownBy(driver::process).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void injectsTheDriverOfTheRunningTest(TestDriver driver) {
        SEEN.add(driver);
        assertThat(driver).isSameAs(faust.driver()).isSameAs(fromBeforeEach);
        assertThat(driver.app()).isSameAs(tally.app());
        driver.put(tally.tally(), "hello");
        assertThat(driver.table(tally.counts())).isEqualTo(Map.of("hello", 1L));
    }

    @Test
    void eachTestGetsAFreshAppAndBroker(TestDriver driver) {
        SEEN.add(driver);
        driver.put(tally.tally(), "hello");
        driver.put(tally.tally(), "world");
        assertThat(driver.table(tally.counts())).as("nothing left over from another test")
                .isEqualTo(Map.of("hello", 1L, "world", 1L));
    }
}
