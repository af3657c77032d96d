package io.faust4j.bench.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@code orders} topic really holds, read back after the run: how many times each order id
 * {@code o-<i>} occurs, its account, and where its first copy sits (for the report of a lost order).
 * Arrays indexed by the order number keep a million orders in a few megabytes. Only the orders the app
 * must count are added: poison pills and refused orders go to the {@link DeadLetterCheck}.
 */
final class SourceIndex {
    private final int[] occurrences;
    private final int[] account;
    private final int[] partition;
    private final long[] offset;
    private final Map<String, Integer> accountIds = new HashMap<>();
    private final List<String> accountNames = new ArrayList<>();
    private long records;
    private long unknownKeys;

    SourceIndex(int orders) {
        occurrences = new int[orders];
        account = new int[orders];
        partition = new int[orders];
        offset = new long[orders];
        Arrays.fill(offset, -1);
    }

    /** Adds one record of {@code orders}; ids that are not {@code o-<i>} with i below the order count are counted apart. */
    void add(String orderId, String accountId, int recordPartition, long recordOffset) {
        records++;
        int i = orderNumber(orderId);
        if (i < 0 || i >= occurrences.length) {
            unknownKeys++;
            return;
        }
        if (occurrences[i]++ == 0) {
            account[i] = accountIds.computeIfAbsent(accountId, a -> {
                accountNames.add(a);
                return accountNames.size() - 1;
            });
            partition[i] = recordPartition;
            offset[i] = recordOffset;
        }
    }

    /** The number in {@code o-<number>}, or -1. */
    static int orderNumber(String orderId) {
        if (!orderId.startsWith("o-")) {
            return -1;
        }
        try {
            return Integer.parseInt(orderId, 2, orderId.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    int size() {
        return occurrences.length;
    }

    int occurrences(int i) {
        return occurrences[i];
    }

    String account(int i) {
        return accountNames.get(account[i]);
    }

    int partition(int i) {
        return partition[i];
    }

    long offset(int i) {
        return offset[i];
    }

    long records() {
        return records;
    }

    long unknownKeys() {
        return unknownKeys;
    }

    /** The true count of every account: each record of the topic counts once. */
    Map<String, Long> truthCounts() {
        Map<String, Long> truth = new HashMap<>();
        for (int i = 0; i < occurrences.length; i++) {
            if (occurrences[i] > 0) {
                truth.merge(accountNames.get(account[i]), (long) occurrences[i], Long::sum);
            }
        }
        return truth;
    }
}
