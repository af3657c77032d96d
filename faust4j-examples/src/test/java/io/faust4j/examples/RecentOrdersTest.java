package io.faust4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.examples.RecentOrders.Order;
import io.faust4j.test.Faust4jExtension;
import io.faust4j.test.TestDriver;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecentOrdersTest {
    private static final Instant MIDNIGHT = Instant.parse("2024-01-01T00:00:00Z"); // the driver's clock starts here

    private final RecentOrders example = RecentOrders.create(settings -> settings.topicPartitions(4));

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(example::app);

    private void order(TestDriver driver, String id, String user) {
        driver.send(example.orders(), id, new Order(id, user, 10.0));
        driver.process();
    }

    @Test
    void countsEachUsersOrdersOfTheLastFiveMinutesAsOfEachOrder(TestDriver driver) {
        order(driver, "o-1", "ann");                                   // 00:00
        driver.advance(Duration.ofMinutes(2));
        order(driver, "o-2", "ann");                                   // 00:02
        order(driver, "o-3", "bob");
        driver.advance(Duration.ofMinutes(4));
        order(driver, "o-4", "ann");                                   // 00:06: 00:00 is more than 5 minutes ago

        assertThat(driver.emitted(example.countOrders(), Long.class)).containsExactly(1L, 2L, 1L, 2L);
        assertThat(example.recentCounts().get("ann").at(MIDNIGHT.plus(Duration.ofMinutes(4)))).isEqualTo(2L);
        assertThat(example.recentCounts().get("ann").at(MIDNIGHT.plus(Duration.ofMinutes(7)).plusMillis(1)))
                .as("00:02:00.001 to 00:07:00.001 holds only 00:06").isEqualTo(1L);
        assertThat(example.recentCounts().get("ann").at(MIDNIGHT.plus(Duration.ofMinutes(20)))).isZero();
    }
}
