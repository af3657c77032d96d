package io.faust4j.bench.chaos;

import io.faust4j.Codec;
import io.faust4j.Codecs;
import io.faust4j.DeadLetter;
import io.faust4j.bench.Order;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads {@code orders}, the two tables' changelogs and the dead-letter topic back with a plain consumer
 * ({@code read_committed}, every partition from its beginning to its end), keeps the last value of each key as compaction would,
 * decodes them with the app's codecs ({@code String} keys raw UTF-8, {@code Long} values JSON) and
 * computes the {@link Verdict}. Poison pills and refused orders of {@code orders} go to the
 * {@link DeadLetterCheck}, the rest to the {@link SourceIndex} of orders to count.
 */
final class ChangelogCheck {
    private static final int REGRESSIONS_SHOWN = 10;

    private ChangelogCheck() {
    }

    /**
     * @param clock the run's clock, prefixed to the lines printed
     * @param t0Millis the wall-clock time production started, to place changelog timestamps on the run's clock
     */
    static Verdict run(ChaosKafka kafka, ChaosOptions o, PrintStream out, String clock, long t0Millis) {
        long start = System.nanoTime();
        Codec<Order> orderCodec = Codecs.json(Order.class);
        Codec<String> keyCodec = Codecs.raw(String.class);
        Codec<Long> valueCodec = Codecs.json(Long.class);
        SourceIndex source = new SourceIndex((int) o.orders());
        DeadLetterCheck deadLetters = new DeadLetterCheck(ChaosKafka.repartitionTopic());
        kafka.readAll(ChaosApp.ORDERS, r -> {
            String key = keyCodec.decode(r.key());
            if (key.startsWith(OrderProducer.POISON_PREFIX)) {
                deadLetters.poison(key, r.value(), r.partition(), r.offset());
                return;
            }
            Order order = orderCodec.decode(r.value());
            if (order.productId().equals(ChaosApp.REFUSED_PRODUCT)) {
                deadLetters.refused(key, r.value(), r.partition(), r.offset());
            } else {
                source.add(key, order.accountId(), r.partition(), r.offset());
            }
        });
        Codec<ChaosApp.Seen> seenCodec = Codecs.json(ChaosApp.Seen.class);
        Map<String, ChaosApp.Seen> seenByAccount = new HashMap<>();
        long seenRecords = kafka.readAll(ChaosApp.changelog(ChaosApp.SEEN), r -> {
            String key = keyCodec.decode(r.key());
            if (r.value() == null) {
                seenByAccount.remove(key);
            } else {
                seenByAccount.put(key, seenCodec.decode(r.value()));
            }
        });
        Map<String, Long> seen = new HashMap<>(); // order id to how many times it was counted
        seenByAccount.values().forEach(s -> seen.putAll(s.orders()));
        CountsChangelog counts = new CountsChangelog();
        long countRecords = kafka.readAll(ChaosApp.changelog(ChaosApp.COUNTS), r -> counts.add(keyCodec.decode(r.key()),
                r.partition(), r.offset(), r.timestamp(), r.value() == null ? null : valueCodec.decode(r.value())));
        long letters = kafka.readAll(ChaosApp.DEAD_LETTERS, r -> deadLetters.letter(r.key(), r.value(),
                header(r, "topic"), header(r, "partition"), header(r, "offset"), source));
        out.printf(Locale.ROOT, "%s read back (read_committed, from the start): orders %,d records; %s %,d records, %,d"
                        + " keys; %s %,d records, %,d keys; %s %,d records (%.1f s)%n", clock, source.records()
                        + deadLetters.records(), ChaosApp.changelog(ChaosApp.SEEN), seenRecords, seen.size(),
                ChaosApp.changelog(ChaosApp.COUNTS), countRecords, counts.counts().size(), ChaosApp.DEAD_LETTERS, letters,
                (System.nanoTime() - start) / 1e9);
        List<CountsChangelog.Regression> regressions = counts.regressions();
        if (!regressions.isEmpty()) {
            out.printf(Locale.ROOT, "%s %,d time(s) an account's count went DOWN in %s (a second writer); the first:%n",
                    clock, regressions.size(), ChaosApp.changelog(ChaosApp.COUNTS));
            regressions.stream().limit(REGRESSIONS_SHOWN).forEach(g -> out.printf(Locale.ROOT, "  %s partition %d: %,d"
                            + " at offset %d, then %,d at offset %d written at t=%.1fs%n", g.account(), g.partition(),
                    g.from(), g.previousOffset(), g.to(), g.offset(), (g.timestamp() - t0Millis) / 1e3));
        }
        return Verdict.compute(source, seen, counts.counts(), o.partitions(), o.exactlyOnce(), regressions.size(),
                deadLetters.verdict(seen));
    }

    /** A dead letter's {@code faust4j.dlq.<name>} header as text, or null. */
    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(DeadLetter.HEADER_PREFIX + name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
