package io.faust4j.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check must catch what it is there to catch: a harness that cannot fail proves nothing. */
class VerdictTest {
    private static final int ORDERS = 100;
    private static final int PARTITIONS = 4;

    private final SourceIndex source = new SourceIndex(ORDERS);
    private final Map<String, Long> seen = new HashMap<>();
    private final Map<String, Long> counts = new HashMap<>();

    VerdictTest() {
        for (int i = 0; i < ORDERS; i++) {
            String account = "acc-" + i % 7;
            source.add("o-" + i, account, i % PARTITIONS, i / PARTITIONS);
            seen.put("o-" + i, 1L);
            counts.merge(account, 1L, Long::sum);
        }
    }

    @Test
    void exactTablesPassUnderBothGuarantees() {
        for (boolean exactlyOnce : new boolean[] {false, true}) {
            Verdict v = Verdict.compute(source, seen, counts, PARTITIONS, exactlyOnce, 0);
            assertThat(v.problems()).isEmpty();
            assertThat(v.checked()).isEqualTo(ORDERS);
            assertThat(v.countsTotal()).isEqualTo(ORDERS);
        }
    }

    @Test
    void duplicatesPassAtLeastOnceAndAreCounted() {
        seen.put("o-3", 2L);
        counts.merge("acc-3", 1L, Long::sum);
        Verdict v = Verdict.compute(source, seen, counts, PARTITIONS, false, 0);
        assertThat(v.passed()).isTrue();
        assertThat(v.duplicates()).isEqualTo(1);
        assertThat(v.seenDuplicated()).isEqualTo(1);
        assertThat(v.seenExtra()).isEqualTo(1);
    }

    @Test
    void duplicatesBreakExactlyOnce() {
        counts.merge("acc-3", 1L, Long::sum);
        Verdict v = Verdict.compute(source, seen, counts, PARTITIONS, true, 0);
        assertThat(v.passed()).isFalse();
        assertThat(v.problems()).singleElement().asString().contains("1 duplicate increment(s) in counts");
    }

    @Test
    void aMissingOrderIdIsALossEvenWhenDuplicatesMakeTheCountsAddUp() {
        seen.remove("o-42");
        seen.put("o-43", 2L);  // the counts total still matches: only the per-order table shows the loss
        Verdict v = Verdict.compute(source, seen, counts, PARTITIONS, false, 0);
        assertThat(v.passed()).isFalse();
        assertThat(v.lost()).isEqualTo(1);
        assertThat(v.countsTotal()).isEqualTo(ORDERS);
        assertThat(v.lostSample()).singleElement().asString().startsWith("o-42 (account acc-0, table partition "
                + Verdict.tablePartition("acc-0", PARTITIONS) + "; orders partition 2 offset 10)");
        assertThat(v.lostByTablePartition()).containsExactly(Map.entry(Verdict.tablePartition("acc-0", PARTITIONS), 1L));
    }

    @Test
    void anAccountCountedBelowItsOrdersIsALoss() {
        counts.merge("acc-5", -2L, Long::sum);
        Verdict v = Verdict.compute(source, seen, counts, PARTITIONS, false, 0);
        assertThat(v.passed()).isFalse();
        assertThat(v.lostIncrements()).isEqualTo(2);
        assertThat(v.accountsUnder()).isEqualTo(1);
    }

    @Test
    void keysThatWereNeverProducedFail() {
        seen.put("o-100000", 1L);
        counts.put("acc-unknown", 1L);
        Verdict v = Verdict.compute(source, seen, counts, PARTITIONS, false, 0);
        assertThat(v.phantomSeen()).isEqualTo(1);
        assertThat(v.phantomAccounts()).isEqualTo(1);
        assertThat(v.passed()).isFalse();
    }

    @Test
    void aDuplicateInTheSourceIsExpectedTwice() {
        source.add("o-7", "acc-0", 3, 99);
        Verdict v = Verdict.compute(source, seen, counts, PARTITIONS, false, 0);
        assertThat(v.sourceDuplicates()).isEqualTo(1);
        assertThat(v.seenShort()).isEqualTo(1);
        assertThat(v.lostIncrements()).isEqualTo(1);
        assertThat(v.passed()).isFalse();
    }

    @Test
    void orderNumbersAreParsedStrictly() {
        assertThat(SourceIndex.orderNumber("o-17")).isEqualTo(17);
        assertThat(SourceIndex.orderNumber("x-17")).isEqualTo(-1);
        assertThat(SourceIndex.orderNumber("o-")).isEqualTo(-1);
        assertThat(SourceIndex.orderNumber("o-1a")).isEqualTo(-1);
    }
}
