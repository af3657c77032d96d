package io.faust4j.bench.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code counts} changelog as read back: the last value of each account, and every place where an
 * account's count went <em>down</em> from one record to the next. With one writer per partition a count
 * only grows, even under at least once (a restarted worker recovers the last value and adds to it), so a
 * regression is the mark of a second writer: a worker that lost its partition and still wrote to it.
 */
final class CountsChangelog {
    /**
     * A count that went down in the changelog.
     *
     * @param account the key
     * @param partition the changelog partition
     * @param offset the offset of the lower record
     * @param timestamp that record's timestamp (the writer's checkpoint time)
     * @param from the value before
     * @param to the lower value
     * @param previousOffset the offset of the record before
     */
    record Regression(String account, int partition, long offset, long timestamp, long from, long to,
                      long previousOffset) {
    }

    private final Map<String, Long> last = new HashMap<>();
    private final Map<String, Long> lastOffset = new HashMap<>();
    private final List<Regression> regressions = new ArrayList<>();

    /** Adds the next record of a partition (records of one key come in offset order). */
    void add(String account, int partition, long offset, long timestamp, Long value) {
        if (value == null) {
            last.remove(account);
            lastOffset.remove(account);
            return;
        }
        Long before = last.put(account, value);
        Long beforeOffset = lastOffset.put(account, offset);
        if (before != null && value < before) {
            regressions.add(new Regression(account, partition, offset, timestamp, before, value, beforeOffset));
        }
    }

    Map<String, Long> counts() {
        return last;
    }

    List<Regression> regressions() {
        return List.copyOf(regressions);
    }
}
