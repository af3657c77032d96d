package io.faust4j.bench.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Utils;

/**
 * The outcome of a run's check: the final tables (last value per key of each changelog) against what the
 * {@code orders} topic holds.
 *
 * <ul>
 *   <li>{@code seen} must hold every order id: a missing id is a <b>lost</b> record. Its value is how many
 *       times the order's effect was kept: above the order's copies in the topic is a duplicate.</li>
 *   <li>{@code counts}, per account, against the records of that account: below is a lost increment,
 *       above a duplicate.</li>
 * </ul>
 * At least once allows duplicates and nothing lost; exactly once allows neither. The dead letters
 * ({@link DeadLetterVerdict}) are part of it: poison pills and refused orders are not counted, they must be
 * in the dead-letter topic.
 *
 * @param exactlyOnce whether the run was under {@code exactly_once}
 * @param sourceRecords records in {@code orders} to count (poison pills and refused orders are in
 *     {@code deadLetters})
 * @param checked distinct order ids to count in {@code orders}, each checked against {@code seen}
 * @param sourceDuplicates records of {@code orders} whose id occurs again (a duplicate of the producer)
 * @param unknownSourceKeys records of {@code orders} with an id the producer never made
 * @param lost order ids missing from {@code seen}
 * @param lostByTablePartition lost order ids by the table partition of their account
 * @param lostSample the first lost orders, described (id, account, table partition, place in {@code orders})
 * @param seenDuplicated order ids whose {@code seen} value is above their copies in {@code orders}
 * @param seenExtra the sum of those excesses: effects kept twice or more
 * @param seenShort order ids whose {@code seen} value is above 0 but below their copies (lost repeats)
 * @param phantomSeen ids in {@code seen} that are not in {@code orders}
 * @param countsTotal the sum of {@code counts}
 * @param duplicates the sum over accounts of the count above the truth
 * @param lostIncrements the sum over accounts of the count below the truth
 * @param accountsUnder accounts counted below the truth
 * @param accountsOver accounts counted above the truth
 * @param phantomAccounts accounts in {@code counts} that are not in {@code orders}
 * @param underSample the first accounts counted below the truth, described
 * @param regressions times an account's count went down in the changelog (a diagnostic: a second writer)
 * @param deadLetters the check of the dead-letter topic
 */
record Verdict(boolean exactlyOnce, long sourceRecords, long checked, long sourceDuplicates, long unknownSourceKeys,
               long lost, Map<Integer, Long> lostByTablePartition, List<String> lostSample, long seenDuplicated,
               long seenExtra, long seenShort, long phantomSeen, long countsTotal, long duplicates, long lostIncrements,
               long accountsUnder, long accountsOver, long phantomAccounts, List<String> underSample, long regressions,
               DeadLetterVerdict deadLetters) {
    private static final int SAMPLE = 20;

    static Verdict compute(SourceIndex source, Map<String, Long> seen, Map<String, Long> counts, int partitions,
                           boolean exactlyOnce, long regressions) {
        return compute(source, seen, counts, partitions, exactlyOnce, regressions, DeadLetterVerdict.none());
    }

    /** {@code source} holds the orders to count only: the refused ones are in {@code deadLetters}. */
    static Verdict compute(SourceIndex source, Map<String, Long> seen, Map<String, Long> counts, int partitions,
                           boolean exactlyOnce, long regressions, DeadLetterVerdict deadLetters) {
        long checked = 0;
        long lost = 0;
        long seenDuplicated = 0;
        long seenExtra = 0;
        long seenShort = 0;
        long matched = 0;
        Map<Integer, Long> lostByPartition = new TreeMap<>();
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            int copies = source.occurrences(i);
            if (copies == 0) {
                continue;
            }
            checked++;
            Long value = seen.get("o-" + i);
            if (value == null) {
                lost++;
                int tablePartition = tablePartition(source.account(i), partitions);
                lostByPartition.merge(tablePartition, 1L, Long::sum);
                if (sample.size() < SAMPLE) {
                    sample.add(String.format("o-%d (account %s, table partition %d; orders partition %d offset %d)", i,
                            source.account(i), tablePartition, source.partition(i), source.offset(i)));
                }
                continue;
            }
            matched++;
            if (value > copies) {
                seenDuplicated++;
                seenExtra += value - copies;
            } else if (value < copies) {
                seenShort++;
            }
        }
        long sourceDuplicates = 0;
        for (int i = 0; i < source.size(); i++) {
            sourceDuplicates += Math.max(0, source.occurrences(i) - 1);
        }
        long phantomSeen = seen.size() - matched - deadLetters.refusedCounted();  // those are reported apart

        Map<String, Long> truth = source.truthCounts();
        long total = 0;
        long over = 0;
        long under = 0;
        long accountsUnder = 0;
        long accountsOver = 0;
        Map<String, long[]> underAccounts = new TreeMap<>();
        for (var entry : truth.entrySet()) {
            long got = counts.getOrDefault(entry.getKey(), 0L);
            if (got > entry.getValue()) {
                accountsOver++;
                over += got - entry.getValue();
            } else if (got < entry.getValue()) {
                accountsUnder++;
                under += entry.getValue() - got;
                underAccounts.put(entry.getKey(), new long[] {got, entry.getValue()});
            }
        }
        List<String> underSample = underAccounts.entrySet().stream().limit(SAMPLE)
                .map(e -> String.format("%s (table partition %d): counted %d of %d", e.getKey(),
                        tablePartition(e.getKey(), partitions), e.getValue()[0], e.getValue()[1])).toList();
        long phantomAccounts = counts.keySet().stream().filter(a -> !truth.containsKey(a)).count();
        for (long n : counts.values()) {
            total += n;
        }
        return new Verdict(exactlyOnce, source.records(), checked, sourceDuplicates, source.unknownKeys(), lost,
                lostByPartition, sample, seenDuplicated, seenExtra, seenShort, phantomSeen, total, over, under,
                accountsUnder, accountsOver, phantomAccounts, underSample, regressions, deadLetters);
    }

    /** The partition faust4j puts a string key in: murmur2 of its UTF-8 bytes, as Kafka's default partitioner. */
    static int tablePartition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** What broke the guarantee; empty when the run passed. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (lost > 0) {
            problems.add(lost + " order(s) lost: missing from the seen table (by table partition: "
                    + lostByTablePartition + ")");
        }
        if (lostIncrements > 0) {
            problems.add(lostIncrements + " increment(s) lost: " + accountsUnder + " account(s) counted below the truth");
        }
        if (seenShort > 0) {
            problems.add(seenShort + " order(s) kept fewer times than they occur in orders");
        }
        if (phantomSeen > 0 || phantomAccounts > 0) {
            problems.add(phantomSeen + " order id(s) and " + phantomAccounts + " account(s) in the tables that were"
                    + " never produced");
        }
        if (exactlyOnce && duplicates > 0) {
            problems.add(duplicates + " duplicate increment(s) in counts (" + accountsOver + " account(s)) under"
                    + " exactly_once");
        }
        if (exactlyOnce && seenExtra > 0) {
            problems.add(seenExtra + " duplicate effect(s) in seen (" + seenDuplicated + " order(s)) under exactly_once");
        }
        problems.addAll(deadLetters.problems(exactlyOnce));
        return problems;
    }

    boolean passed() {
        return problems().isEmpty();
    }
}
