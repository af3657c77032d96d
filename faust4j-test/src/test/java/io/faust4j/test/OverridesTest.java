package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.ProcessingGuarantee;
import io.faust4j.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The driver says which settings of the app it replaced, and can refuse to. */
class OverridesTest {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(TestDriver.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    private static App counter(String id, java.util.function.Consumer<io.faust4j.Settings.Builder> settings) {
        App app = App.create(id, settings);
        Topic<String, String> words = app.topic("words", String.class);
        var counts = app.table("counts", String.class, Long.class, 0L);
        app.agent("count", words, stream -> {
            for (String word : stream) {
                stream.emit(counts.update(word, n -> n + 1));
            }
        });
        return app;
    }

    @Test
    void aRocksDbStoreIsReplacedWithAWarningNamingIt() {
        App app = counter("rocks", s -> s.topicPartitions(1).store("rocksdb:///var/lib/rocks"));
        try (TestDriver driver = TestDriver.create(app)) {
            assertThat(driver.overrides()).singleElement().asString()
                    .contains("store rocksdb:///var/lib/rocks is replaced by memory://")
                    .contains("no store for rocksdb:// is on the class path, so this app does not start outside the"
                            + " test driver");
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                    .startsWith("Test driver of app 'rocks': store rocksdb:///var/lib/rocks is replaced by memory://");
            @SuppressWarnings("unchecked")
            Agent<String, String> count = (Agent<String, String>) app.agents().get(0);
            driver.put(count, "w", "a");
            assertThat(driver.emitted(count, Long.class)).containsExactly(1L);
        }
    }

    @Test
    void failOnOverridesRefusesToReplaceTheStore() {
        App app = counter("rocks-strict", s -> s.topicPartitions(1).store("rocksdb:///var/lib/rocks"));
        assertThatThrownBy(() -> TestDriver.create(app, TestDriverOptions.defaults().failOnOverrides(true)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("would run app 'rocks-strict' with settings it cannot keep")
                .hasMessageContaining("failOnOverrides")
                .hasMessageContaining("store rocksdb:///var/lib/rocks is replaced by memory://");
    }

    @Test
    void anAppRunAsConfiguredHasNoOverridesEvenWhenStrict() {
        App app = counter("plain", s -> s.topicPartitions(1).processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE));
        try (TestDriver driver = TestDriver.create(app, TestDriverOptions.defaults().failOnOverrides(true))) {
            assertThat(driver.overrides()).isEmpty();
            assertThat(driver.worker().settings().processingGuarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE);
            assertThat(log.list).isEmpty();
        }
    }

    @Test
    void aStoreTheTestChoseInOptionsIsNoOverride() {
        App app = counter("rocks-chosen", s -> s.topicPartitions(1).store("rocksdb:///var/lib/rocks"));
        try (TestDriver driver = TestDriver.create(app, TestDriverOptions.defaults().failOnOverrides(true)
                .settings(s -> s.store("memory://")))) {
            assertThat(driver.overrides()).isEmpty();
        }
    }

    @Test
    void theAppsOwnClockIsReplacedWithAWarning() {
        Clock fixed = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        App app = counter("clocked", s -> s.topicPartitions(1).clock(fixed));
        try (TestDriver driver = TestDriver.create(app)) {
            assertThat(driver.overrides()).singleElement().asString()
                    .contains("clock " + fixed + " is replaced by the driver's ManualClock");
            driver.clock().advance(Duration.ofSeconds(1));
            assertThat(driver.worker().settings().clock()).isSameAs(driver.clock());
        }
    }
}
