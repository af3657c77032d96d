package io.faust4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.examples.Enrichment.EnrichedOrder;
import io.faust4j.examples.Enrichment.Order;
import io.faust4j.examples.Enrichment.UserProfile;
import io.faust4j.test.Faust4jExtension;
import io.faust4j.test.TestDriver;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EnrichmentTest {
    private final Enrichment enrichment = Enrichment.create(settings -> settings.topicPartitions(4));

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(enrichment::app);

    private void profile(TestDriver driver, String userId, String name, String tier) {
        driver.put(enrichment.storeProfiles(), userId, new UserProfile(userId, name, tier));
    }

    private void order(TestDriver driver, String orderId, String userId, double amount) {
        driver.put(enrichment.enrich(), orderId, new Order(orderId, userId, amount, "EUR"));
    }

    @Test
    void joinsEachOrderWithItsUsersTier(TestDriver driver) {
        for (int u = 0; u < 10; u++) {
            profile(driver, "user-" + u, "name-" + u, u % 2 == 0 ? "gold" : "silver");
        }
        for (int i = 0; i < 30; i++) {
            driver.send(enrichment.orders(), "order-" + i, new Order("order-" + i, "user-" + (i % 10), i, "EUR"));
        }
        driver.process();

        assertThat(driver.sentValues(enrichment.enrichedOrders())).hasSize(30).allSatisfy(e -> assertThat(e.tier())
                .isEqualTo(Integer.parseInt(e.userId().substring(5)) % 2 == 0 ? "gold" : "silver"));
        assertThat(driver.table(enrichment.ordersWithoutProfile())).isEmpty();
    }

    @Test
    void skipsAndCountsOrdersOfUsersWithoutProfile(TestDriver driver) {
        profile(driver, "user-1", "Ada", "gold");
        order(driver, "order-1", "user-1", 10);
        order(driver, "order-2", "user-9", 20);
        order(driver, "order-3", "user-9", 30);

        assertThat(driver.sentValues(enrichment.enrichedOrders()))
                .containsExactly(new EnrichedOrder("order-1", "user-1", 10, "EUR", "gold"));
        assertThat(driver.table(enrichment.ordersWithoutProfile())).isEqualTo(Map.of("user-9", 2L));
    }

    @Test
    void usesTheLatestProfile(TestDriver driver) {
        profile(driver, "user-1", "Ada", "silver");
        order(driver, "order-1", "user-1", 10);
        profile(driver, "user-1", "Ada", "gold");
        order(driver, "order-2", "user-1", 20);

        assertThat(driver.sentValues(enrichment.enrichedOrders())).extracting(EnrichedOrder::tier)
                .containsExactly("silver", "gold");
        assertThat(driver.table(enrichment.profiles())).containsExactly(
                Map.entry("user-1", new UserProfile("user-1", "Ada", "gold")));
    }

    @Test
    void enrichedOrdersAreKeyedByOrderId(TestDriver driver) {
        profile(driver, "user-1", "Ada", "gold");
        order(driver, "order-42", "user-1", 10);

        assertThat(driver.sent(enrichment.enrichedOrders())).singleElement()
                .satisfies(s -> assertThat(s.key()).contains("order-42"));
    }

    @Test
    void theSampleFeedSendsProfilesAtStartThenAnOrderEveryPeriod() {
        Enrichment fed = Enrichment.create(settings -> settings.topicPartitions(4))
                .feedSamples(java.time.Duration.ofMillis(500));
        try (io.faust4j.test.TestDriver driver = io.faust4j.test.TestDriver.create(fed.app())) {
            driver.process();
            assertThat(driver.table(fed.profiles())).containsOnlyKeys("user-1", "user-2", "user-3", "user-4");
            assertThat(driver.sentValues(fed.orders())).isEmpty();
            for (int i = 0; i < 4; i++) {
                driver.advance(java.time.Duration.ofMillis(500));
            }
            assertThat(driver.sentValues(fed.orders())).hasSize(4);
            long skipped = driver.table(fed.ordersWithoutProfile()).values().stream().mapToLong(Long::longValue).sum();
            assertThat(driver.sentValues(fed.enrichedOrders()).size() + skipped).isEqualTo(4);
        }
    }
}
