package io.faust4j.bench.chaos;

import io.faust4j.Codec;
import io.faust4j.Codecs;
import io.faust4j.bench.Order;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The dead-letter half of a run's check: the records of {@code orders} that must end in
 * {@value ChaosApp#DEAD_LETTERS} (poison pills, refused orders), collected while {@code orders} is read
 * back, against the dead letters read back after them. A dead letter is matched to its record by the order
 * id in its value (a refused order: its value is the order's JSON) or else by its key (a poison pill:
 * {@code p-<i>}). See {@link DeadLetterVerdict} for what passes.
 */
final class DeadLetterCheck {
    private static final int SAMPLE = 20;

    /** A record of {@code orders} that must be dead-lettered, and how many times it was. */
    private static final class Expected {
        final boolean poison;
        final byte[] value;
        final int partition;
        final long offset;
        int copies;
        int found;

        Expected(boolean poison, byte[] value, int partition, long offset) {
            this.poison = poison;
            this.value = value;
            this.partition = partition;
            this.offset = offset;
        }
    }

    private final String repartitionTopic;
    private final Codec<Order> orderCodec = Codecs.json(Order.class);
    private final Map<String, Expected> expected = new TreeMap<>(DeadLetterCheck::byNumber);
    private long poisonRecords;
    private long refusedRecords;
    private long letters;
    private long goodDeadLettered;
    private long unknown;
    private long wrong;
    private final List<String> wrongSample = new ArrayList<>();

    /** @param repartitionTopic the topic the agent's loop reads, named by a refused order's dead letter */
    DeadLetterCheck(String repartitionTopic) {
        this.repartitionTopic = repartitionTopic;
    }

    /** A poison pill found in {@code orders} (key {@code p-<i>}). */
    void poison(String key, byte[] value, int partition, long offset) {
        poisonRecords++;
        expected.computeIfAbsent(key, k -> new Expected(true, value, partition, offset)).copies++;
    }

    /** A refused order found in {@code orders}. */
    void refused(String orderId, byte[] value, int partition, long offset) {
        refusedRecords++;
        expected.computeIfAbsent(orderId, k -> new Expected(false, value, partition, offset)).copies++;
    }

    /**
     * One record of the dead-letter topic.
     *
     * @param originTopic its {@code faust4j.dlq.topic} header, or null when missing
     * @param originPartition its {@code faust4j.dlq.partition} header, or null
     * @param originOffset its {@code faust4j.dlq.offset} header, or null
     * @param good the orders that must be counted, not dead-lettered
     */
    void letter(byte[] key, byte[] value, String originTopic, String originPartition, String originOffset,
                SourceIndex good) {
        letters++;
        String id = idOf(key, value);
        Expected e = id == null ? null : expected.get(id);
        if (e == null) {
            int n = id == null ? -1 : SourceIndex.orderNumber(id);
            if (n >= 0 && n < good.size() && good.occurrences(n) > 0) {
                goodDeadLettered++;
                sample("good order " + id + " was dead-lettered (from " + originTopic + ")");
            } else {
                unknown++;
                sample("a dead letter of no expected record: key " + text(key) + ", from " + originTopic);
            }
            return;
        }
        e.found++;
        String expectedTopic = e.poison ? ChaosApp.ORDERS : repartitionTopic;
        List<String> faults = new ArrayList<>();
        if (!Arrays.equals(value, e.value)) {
            faults.add("value " + text(value) + ", expected " + text(e.value));
        }
        if (!expectedTopic.equals(originTopic)) {
            faults.add("faust4j.dlq.topic " + originTopic + ", expected " + expectedTopic);
        }
        if (e.poison && e.copies == 1 && !(Integer.toString(e.partition).equals(originPartition)
                && Long.toString(e.offset).equals(originOffset))) {
            faults.add("from partition " + originPartition + " offset " + originOffset + ", expected " + e.partition
                    + " and " + e.offset);
        }
        if (e.poison && !Arrays.equals(key, id.getBytes(StandardCharsets.UTF_8))) {
            faults.add("key " + text(key) + ", expected " + id);
        }
        if (!faults.isEmpty()) {
            wrong++;
            sample(id + ": " + String.join("; ", faults));
        }
    }

    /** Records of {@code orders} read so far that must be dead-lettered. */
    long records() {
        return poisonRecords + refusedRecords;
    }

    /** The outcome; {@code seen} is the final {@code seen} table, where no refused order may be. */
    DeadLetterVerdict verdict(Map<String, Long> seen) {
        long missing = 0;
        long duplicates = 0;
        long refusedCounted = 0;
        List<String> missingSample = new ArrayList<>();
        for (var entry : expected.entrySet()) {
            Expected e = entry.getValue();
            if (e.found < e.copies) {
                missing += e.copies - e.found;
                if (missingSample.size() < SAMPLE) {
                    missingSample.add(String.format("%s (%s; orders partition %d offset %d)", entry.getKey(),
                            e.poison ? "poison pill" : "refused order", e.partition, e.offset));
                }
            }
            duplicates += Math.max(0, e.found - e.copies);
            if (!e.poison && seen.containsKey(entry.getKey())) {
                refusedCounted++;
            }
        }
        return new DeadLetterVerdict(poisonRecords, refusedRecords, letters, missing, duplicates, goodDeadLettered,
                unknown, wrong, refusedCounted, missingSample, List.copyOf(wrongSample));
    }

    /** The order id in a dead letter's value, or else its key (a poison pill's id); null when neither. */
    private String idOf(byte[] key, byte[] value) {
        if (value != null) {
            try {
                return orderCodec.decode(value).orderId();
            } catch (RuntimeException notAnOrder) {
                // a poison pill: its key names it
            }
        }
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    private void sample(String what) {
        if (wrongSample.size() < SAMPLE) {
            wrongSample.add(what);
        }
    }

    private static String text(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        String s = new String(bytes, StandardCharsets.UTF_8);
        return "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
    }

    /** Orders ids and pill keys in the order of their number ({@code o-2} before {@code o-10}). */
    private static int byNumber(String a, String b) {
        int c = Long.compare(number(a), number(b));
        return c != 0 ? c : Objects.compare(a, b, String::compareTo);
    }

    private static long number(String id) {
        int dash = id.indexOf('-');
        try {
            return Long.parseLong(id, dash + 1, id.length(), 10);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
