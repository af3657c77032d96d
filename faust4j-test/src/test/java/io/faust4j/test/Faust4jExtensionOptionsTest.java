package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.Topic;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class Faust4jExtensionOptionsTest {
    private static final Instant START = Instant.parse("2031-02-03T04:05:06Z");

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(() -> {
        App app = App.create("with-options");
        Topic<String, String> in = app.topic("in", String.class);
        app.agent("noop", in, stream -> stream.forEach(v -> { }));
        return app;
    }).options(TestDriverOptions.defaults().clockStart(START).settings(s -> s.topicPartitions(3)));

    @Test
    void createsDriversWithTheGivenOptions(TestDriver driver) {
        assertThat(driver.clock().instant()).isEqualTo(START);
        assertThat(driver.worker().settings().topicPartitions()).isEqualTo(3);
        assertThat(driver.worker().assignedPartitions()).containsExactlyInAnyOrder(0, 1, 2);
    }
}
