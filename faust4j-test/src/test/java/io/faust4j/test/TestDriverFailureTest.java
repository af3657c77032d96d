package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faust4j.Agent;
import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.ErrorPolicy;
import io.faust4j.Topic;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** How the driver reports agents that block, throw, or meet records they cannot decode. */
class TestDriverFailureTest {
    record Payment(String id, int cents) {}

    @Test
    void processFailsWithAClearMessageWhenAnAgentBlocks() {
        App app = App.create("stuck", s -> s.topicPartitions(1));
        Topic<String, String> jobs = app.topic("jobs", String.class);
        CountDownLatch release = new CountDownLatch(1);
        Agent<String, String> worker = app.agent("wait-forever", jobs, stream -> {
            for (String job : stream) {
                release.await();
            }
        });
        TestDriver driver = TestDriver.create(app, TestDriverOptions.defaults().processTimeout(Duration.ofMillis(300)));
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> driver.put(worker, "job-1"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("did not finish processing within 300 ms")
                    .hasMessageContaining("blocked")
                    .hasMessageContaining("1 event(s) handed to agent loops")
                    .hasMessageContaining("jobs=1");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        } finally {
            release.countDown();
            driver.close();
        }
    }

    @Test
    void processFailsWhenAnAgentThrows() {
        App app = App.create("picky", s -> s.topicPartitions(1));
        Topic<String, Payment> payments = app.topic("payments", Payment.class);
        Agent<String, Payment> check = app.agent("check", payments, stream -> {
            for (Payment p : stream) {
                if (p.cents() < 0) {
                    throw new IllegalStateException("negative payment " + p.id());
                }
                stream.emit(p.id());
            }
        });
        try (TestDriver driver = TestDriver.create(app)) {
            assertThatThrownBy(() -> driver.put(check, new Payment("p-1", -5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("3 agent loop(s) threw") // three attempts, then the dead-letter topic
                    .hasMessageContaining("first: agent 'check' threw on topic payments partition 0 offset 0")
                    .hasMessageContaining("negative payment p-1")
                    .hasMessageContaining("failOnErrors(false)")
                    .cause().hasMessageContaining("agent 'check' threw on topic payments partition 0 offset 0")
                    .cause().isInstanceOf(IllegalStateException.class).hasMessage("negative payment p-1");
            driver.put(check, new Payment("p-2", 5));
            assertThat(driver.emitted(check)).as("the failed event was dead-lettered, the loop goes on").containsExactly("p-2");
        }
    }

    @Test
    void aDecodeErrorIsSuppressedBesideTheFirstAgentFailure() {
        App app = App.create("both", s -> s.topicPartitions(1));
        Topic<String, Payment> payments = app.topic("payments", Payment.class);
        Agent<String, Payment> check = app.agent("check", payments, AgentOptions.defaults()
                .onError(ErrorPolicy.SKIP), stream -> {
                    for (Payment p : stream) {
                        if (p.cents() < 0) {
                            throw new IllegalStateException("negative payment " + p.id());
                        }
                    }
                });
        try (TestDriver driver = TestDriver.create(app)) {
            driver.send(payments, new Payment("p-1", -1));
            driver.sendRaw(payments, RawRecord.of("[1, 2]"));
            AssertionError error = catchThrowableOfType(AssertionError.class, driver::process);
            assertThat(error).hasMessageContaining("1 agent loop(s) threw and 1 record(s) could not be decoded");
            assertThat(error.getCause()).hasMessageContaining("agent 'check' threw on topic payments partition 0 offset 0")
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThat(error.getSuppressed()).singleElement().satisfies(s -> assertThat(s)
                    .hasMessageContaining("the record at topic payments partition 0 offset 1 could not be decoded"));
            driver.process(); // reported once: the next call has nothing new
        }
    }

    @Test
    void aTimeoutAttachesTheFailuresOfAnEventBeingRetried() {
        App app = App.create("slow-retry", s -> s.topicPartitions(1));
        Topic<String, Payment> payments = app.topic("payments", Payment.class);
        Agent<String, Payment> check = app.agent("check", payments, AgentOptions.defaults().retries(3,
                Duration.ofSeconds(30), Duration.ofSeconds(30)), stream -> {
                    for (Payment p : stream) {
                        throw new IllegalStateException("down " + p.id());
                    }
                });
        try (TestDriver driver = TestDriver.create(app, TestDriverOptions.defaults().processTimeout(Duration.ofMillis(400)))) {
            AssertionError error = catchThrowableOfType(AssertionError.class, () -> driver.put(check, new Payment("p-1", 1)));
            assertThat(error).hasMessageContaining("did not finish processing within 400 ms")
                    .hasMessageContaining("retrying an event that failed (1 failure(s) attached");
            assertThat(error.getSuppressed()).singleElement().satisfies(s -> assertThat(s)
                    .hasMessageContaining("agent 'check' threw on topic payments partition 0 offset 0")
                    .hasRootCauseMessage("down p-1"));
        }
    }

    @Test
    void errorsCanBeToleratedToTestHowAnAppCopes() {
        App app = App.create("tolerant", s -> s.topicPartitions(1));
        Topic<String, Payment> payments = app.topic("payments", Payment.class);
        Agent<String, Payment> check = app.agent("check", payments, stream -> {
            for (Payment p : stream) {
                if (p.cents() < 0) {
                    throw new IllegalStateException("negative payment " + p.id());
                }
                stream.emit(p.id());
            }
        });
        try (TestDriver driver = TestDriver.create(app, TestDriverOptions.defaults().failOnErrors(false))) {
            driver.send(payments, new Payment("p-1", 1));
            driver.send(payments, new Payment("p-2", -1));
            driver.send(payments, new Payment("p-3", 3));
            driver.process();
            assertThat(driver.emitted(check)).containsExactly("p-1", "p-3");
            assertThat(driver.worker().stats().agentErrors()).as("three attempts").isEqualTo(3);
            assertThat(driver.worker().stats().deadLetters()).isEqualTo(1);
        }
    }

    @Test
    void processFailsWhenARecordCannotBeDecoded() {
        App app = App.create("decoding", s -> s.topicPartitions(1));
        Topic<String, Payment> payments = app.topic("payments", Payment.class);
        Agent<String, Payment> check = app.agent("check", payments, stream -> stream.forEach(p -> stream.emit(p.id())));
        try (TestDriver driver = TestDriver.create(app)) {
            assertThatThrownBy(() -> driver.putRaw(check, RawRecord.of("{not json"))).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("1 record(s) could not be decoded")
                    .hasMessageContaining("the record at topic payments partition 0 offset 0 could not be decoded for"
                            + " agent 'check'")
                    .cause().hasMessageContaining("topic payments partition 0 offset 0")
                    .cause().isNotNull();
            driver.put(check, new Payment("p-1", 1));
            assertThat(driver.emitted(check)).containsExactly("p-1");
        }
    }

    @Test
    void optionsRejectNonPositiveDurations() {
        assertThatThrownBy(() -> TestDriverOptions.defaults().processTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("processTimeout PT0S");
        assertThatThrownBy(() -> TestDriverOptions.defaults().commitInterval(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commitInterval");
    }

    @Test
    void settingsGivenInOptionsWinOverTheDriversOwn() {
        App app = App.create("tuned");
        Topic<String, String> in = app.topic("in", String.class);
        app.agent("noop", in, stream -> stream.forEach(v -> { }));
        var options = TestDriverOptions.defaults().settings(s -> s.topicPartitions(3).commitInterval(Duration.ofSeconds(7)));
        try (TestDriver driver = TestDriver.create(app, options)) {
            assertThat(driver.worker().settings().topicPartitions()).isEqualTo(3);
            assertThat(driver.worker().settings().commitInterval()).isEqualTo(Duration.ofSeconds(7));
            assertThat(driver.worker().settings().broker()).containsExactly(driver.brokerUrl());
            assertThat(driver.worker().settings().clock()).isSameAs(driver.clock());
        }
    }
}
