package io.faust4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.examples.UserVisits.Click;
import io.faust4j.examples.UserVisits.Visit;
import io.faust4j.test.Faust4jExtension;
import io.faust4j.test.RawRecord;
import io.faust4j.test.TestDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserVisitsTest {
    private static final Instant MIDNIGHT = Instant.parse("2024-01-01T00:00:00Z"); // the driver's clock starts here

    private final UserVisits example = UserVisits.create(settings -> settings.topicPartitions(4));

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(example::app);

    private void click(TestDriver driver, String user) {
        driver.send(example.clicks(), user, new Click(user, "/"));
        driver.process();
    }

    @Test
    void countsClicksPerVisitAndSendsEachVisitOnceWhenItIsOver(TestDriver driver) {
        click(driver, "ann");
        driver.advance(Duration.ofMinutes(10));
        click(driver, "ann");
        click(driver, "bob");
        driver.advance(Duration.ofMinutes(20));                        // 00:30, within 30 minutes of 00:10
        click(driver, "ann");
        assertThat(driver.emitted(example.countClicks(), Long.class)).containsExactly(1L, 2L, 1L, 3L);
        assertThat(example.clicksPerVisit().get("ann").at(MIDNIGHT.plusSeconds(20 * 60))).isEqualTo(3L);
        driver.advance(Duration.ofMinutes(30));                        // 01:00: quiet partitions follow the clock
        assertThat(driver.sentValues(example.visits())).as("stream time 00:55: bob's visit (00:10 + 30) is over")
                .containsExactly(new Visit("bob", MIDNIGHT.plusSeconds(600), MIDNIGHT.plusSeconds(600), 1));
        driver.advance(Duration.ofMinutes(10));                        // 01:10: stream time 01:05, past 01:01
        assertThat(driver.sentValues(example.visits())).containsExactlyInAnyOrder(
                new Visit("bob", MIDNIGHT.plusSeconds(600), MIDNIGHT.plusSeconds(600), 1),
                new Visit("ann", MIDNIGHT, MIDNIGHT.plusSeconds(1800), 3));
    }

    @Test
    void aClickArrivingLateBetweenTwoVisitsMergesThem(TestDriver driver) {
        for (int minute : new int[] {0, 31, 15}) {                     // 00:15 arrives after 00:31
            driver.sendRaw(example.clicks(), RawRecord.of("{\"userId\":\"ann\",\"page\":\"/\"}").key("ann")
                    .timestamp(MIDNIGHT.plusSeconds(60L * minute)));
            driver.process();
        }
        assertThat(driver.emitted(example.countClicks(), Long.class)).as("00:31 is more than 30 minutes after 00:00")
                .containsExactly(1L, 1L, 3L);
        assertThat(example.clicksPerVisit().get("ann").all()).containsExactly(Map.entry(
                new io.faust4j.Window(MIDNIGHT, MIDNIGHT.plusSeconds(31 * 60).plusMillis(1)), 3L));
    }
}
