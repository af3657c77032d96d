package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Topic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Table defaults made per key, and a clear error for a key of another partition than the event's. */
class TablePartitionTest {
    record Visit(String user, String page) {}

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aSuppliedDefaultIsFreshForEveryKey() {
        App app = App.create("pages", s -> s.topicPartitions(1));
        Topic<String, Visit> visits = app.topic("visits", Visit.class);
        Table<String, Set> pages = app.tableWithDefault("pages", String.class, Set.class, HashSet::new);
        List<Integer> defaultSizes = new ArrayList<>();
        app.agent("collect", visits, stream -> {
            for (Visit visit : stream) {
                Set<String> untouched = pages.get("nobody");
                defaultSizes.add(untouched.size());
                untouched.add("changed without a put"); // not stored, and not seen by other keys
                pages.update(visit.user(), set -> {
                    Set<String> copy = new HashSet<>(set);
                    copy.add(visit.page());
                    return copy;
                });
            }
        });
        try (TestDriver driver = TestDriver.create(app)) {
            driver.send(visits, "ann", new Visit("ann", "/home"));
            driver.send(visits, "bob", new Visit("bob", "/cart"));
            driver.send(visits, "ann", new Visit("ann", "/cart"));
            driver.process();
            assertThat(defaultSizes).containsExactly(0, 0, 0);
            assertThat(driver.table(pages)).containsOnlyKeys("ann", "bob");
            assertThat((Set<String>) driver.table(pages).get("bob")).containsExactly("/cart");
            assertThat((Set<String>) driver.table(pages).get("ann")).containsExactlyInAnyOrder("/home", "/cart");
        }
    }

    /** Orders keyed by order id; a table of totals per user written without repartitioning by user. */
    private static App ordersByOrderId(boolean groupByUser, List<Throwable> errors) {
        App app = App.create("totals", s -> s.topicPartitions(4));
        Topic<String, Visit> visits = app.topic("visits", Visit.class);
        Table<String, Long> perUser = app.table("per-user", String.class, Long.class, 0L);
        Agent<String, Visit> agent = app.agent("count", groupByUser ? visits.groupBy(Visit::user) : visits, stream -> {
            for (Visit visit : stream) {
                try {
                    perUser.update(visit.user(), n -> n + 1);
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
        });
        assertThat(agent).isNotNull();
        return app;
    }

    @Test
    void aKeyOfAnotherPartitionFailsNamingTheKeyBothPartitionsAndGroupBy() {
        List<Throwable> errors = new ArrayList<>();
        App app = ordersByOrderId(false, errors);
        Topic<String, Visit> visits = (Topic<String, Visit>) app.topics().getFirst();
        try (TestDriver driver = TestDriver.create(app)) {
            for (int i = 0; i < 20; i++) {
                driver.send(visits, "visit-" + i, new Visit("user-" + (i % 3), "/p"));
            }
            driver.process();
            assertThat(errors).isNotEmpty();
            assertThat(errors.getFirst().getMessage()).contains("Table 'per-user'", "key user-", "lives in partition",
                    "the current event in partition", "groupBy");
        }
    }

    @Test
    void groupByTheTableKeyMakesEveryAccessLocal() {
        List<Throwable> errors = new ArrayList<>();
        App app = ordersByOrderId(true, errors);
        Topic<String, Visit> visits = (Topic<String, Visit>) app.topics().getFirst();
        try (TestDriver driver = TestDriver.create(app)) {
            for (int i = 0; i < 20; i++) {
                driver.send(visits, "visit-" + i, new Visit("user-" + (i % 3), "/p"));
            }
            driver.process();
            assertThat(errors).isEmpty();
            Table<String, Long> perUser = (Table<String, Long>) app.tables().getFirst();
            assertThat(driver.table(perUser)).containsEntry("user-0", 7L).containsEntry("user-1", 7L)
                    .containsEntry("user-2", 6L);
        }
    }
}
