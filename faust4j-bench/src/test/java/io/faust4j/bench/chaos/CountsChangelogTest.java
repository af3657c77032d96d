package io.faust4j.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountsChangelogTest {
    @Test
    void keepsTheLastValueOfEachKeyAndTheTimesACountWentDown() {
        CountsChangelog changelog = new CountsChangelog();
        changelog.add("acc-1", 0, 10, 1_000, 5L);
        changelog.add("acc-2", 0, 11, 1_000, 7L);
        changelog.add("acc-1", 0, 12, 2_000, 9L);
        changelog.add("acc-1", 0, 13, 3_000, 4L);  // a stale writer
        changelog.add("acc-1", 0, 14, 4_000, 6L);
        changelog.add("acc-2", 0, 15, 4_000, null);

        assertThat(changelog.counts()).containsExactly(java.util.Map.entry("acc-1", 6L));
        assertThat(changelog.regressions()).containsExactly(
                new CountsChangelog.Regression("acc-1", 0, 13, 3_000, 9, 4, 12));
    }
}
