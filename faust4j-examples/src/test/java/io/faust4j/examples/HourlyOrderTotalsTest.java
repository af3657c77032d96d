package io.faust4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.examples.HourlyOrderTotals.HourlyTotal;
import io.faust4j.examples.HourlyOrderTotals.Order;
import io.faust4j.test.Faust4jExtension;
import io.faust4j.test.TestDriver;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HourlyOrderTotalsTest {
    private static final Instant MIDNIGHT = Instant.parse("2024-01-01T00:00:00Z"); // the driver's clock starts here

    private final HourlyOrderTotals example = HourlyOrderTotals.create(settings -> settings.topicPartitions(4));

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(example::app);

    private void order(TestDriver driver, String id, String user, double amount) {
        driver.send(example.orders(), id, new Order(id, user, amount));
        driver.process();
    }

    @Test
    void sumsEachUsersOrdersPerHourAndSendsTheFinalTotalWhenTheHourIsOver(TestDriver driver) {
        order(driver, "o-1", "ann", 10.0);
        driver.advance(Duration.ofMinutes(20));
        order(driver, "o-2", "ann", 2.5);
        order(driver, "o-3", "bob", 4.0);
        driver.advance(Duration.ofMinutes(50));                       // 01:10, ann orders in the next hour
        order(driver, "o-4", "ann", 1.0);

        assertThat(driver.emitted(example.sumOrders(), Double.class)).containsExactly(10.0, 12.5, 4.0, 1.0);
        assertThat(example.totals().get("ann").at(MIDNIGHT)).isEqualTo(12.5);
        assertThat(example.totals().get("ann").now()).isEqualTo(1.0);
        driver.advance(Duration.ofMinutes(10));                       // whichever partition bob is in: quiet since
        // 00:20, its stream time follows the clock minus 10 minutes (01:10), past the hour and the 5-minute grace
        assertThat(driver.sentValues(example.hourlyTotals())).containsExactlyInAnyOrder(
                new HourlyTotal("ann", MIDNIGHT, 12.5), new HourlyTotal("bob", MIDNIGHT, 4.0));
    }

    @Test
    void forgetsAnHourADayAfterItEnded(TestDriver driver) {
        order(driver, "o-1", "ann", 10.0);
        driver.advance(Duration.ofHours(24).plusMinutes(30));
        assertThat(example.totals().get("ann").all()).containsValue(10.0);
        driver.advance(Duration.ofMinutes(50));                       // stream time 25:10 - 10 min idle = 25:00
        assertThat(example.totals().get("ann").all()).isEmpty();
        assertThat(example.totals().get("ann").at(MIDNIGHT)).isEqualTo(0.0);
    }
}
