package io.faust4j.kafka;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.faust4j.Worker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * One run of {@link VirtualThreadStressTest} in a fresh JVM (so every kafka-clients class is initialised
 * again, by whichever thread gets there first): starts the order-counts worker on orders that are
 * already in its topic, waits until every order is counted, and stops it. A watchdog on a platform
 * thread bounds each phase; when one overruns (or the counts fall short, reported with the topics'
 * offsets) it prints a thread dump with the virtual threads and halts the JVM with status 2.
 *
 * <p>Arguments: broker URL, app id, number of orders already in {@code <app id>-orders}.
 */
final class StartStopChild {
    static final int PARTITIONS = 4;
    static final int ACCOUNTS = 13;
    static final Duration START_BOUND = Duration.ofSeconds(30);
    static final Duration COUNT_BOUND = Duration.ofSeconds(30);
    static final Duration STOP_BOUND = Duration.ofSeconds(15);

    private StartStopChild() {
    }

    public static void main(String[] args) throws Exception {
        String brokerUrl = args[0];
        String id = args[1];
        int orders = Integer.parseInt(args[2]);
        Watchdog watchdog = new Watchdog();
        long started = System.nanoTime();

        watchdog.enter("start", START_BOUND);
        OrderCountsApp app = OrderCountsApp.create(id, brokerUrl, PARTITIONS, ACCOUNTS);
        Worker worker = app.app().start();

        watchdog.enter("count", COUNT_BOUND.plusSeconds(10));
        try {
            app.awaitCountsReach(truth(app, orders), COUNT_BOUND);
        } catch (AssertionError e) {
            System.out.println("NOT COUNTED: " + e.getMessage() + "\nworker: " + worker.stats());
            System.out.println(offsets(brokerUrl, id));
            watchdog.enter("count", Duration.ZERO);  // dump and halt now
            Thread.sleep(Long.MAX_VALUE);
        }

        watchdog.enter("stop", STOP_BOUND);
        long stopping = System.nanoTime();
        worker.stop();
        watchdog.enter("exit", Duration.ofSeconds(10));
        System.out.printf("RESULT counted %d orders in %d ms, stopped in %d ms%n", orders,
                (stopping - started) / 1_000_000, (System.nanoTime() - stopping) / 1_000_000);
        System.exit(0);
    }

    /** End offsets of the app's topics and the group's committed offsets, for a failure report. */
    private static String offsets(String brokerUrl, String id) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokerUrl.substring("kafka://".length()));
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String topic : List.of(id + "-orders", id + "-count-groupby-repartition", id + "-order-count-changelog")) {
                for (int p = 0; p < PARTITIONS; p++) {
                    request.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            Map<String, Long> ends = new TreeMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp.toString(), info.offset()));
            Map<String, Long> committed = new TreeMap<>();
            admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, o) -> committed.put(tp.toString(), o == null ? -1 : o.offset()));
            return "end offsets: " + ends + "\ncommitted: " + committed;
        } catch (Exception e) {
            return "(no offsets: " + e + ")";
        }
    }

    static Map<String, Long> truth(OrderCountsApp app, int orders) {
        Map<String, Long> truth = new TreeMap<>();
        for (int i = 0; i < orders; i++) {
            truth.merge(app.account(i), 1L, Long::sum);
        }
        return truth;
    }

    /** Halts the JVM with a thread dump when a phase overruns its bound. */
    private static final class Watchdog implements Runnable {
        private volatile String phase = "";
        private volatile long deadline = Long.MAX_VALUE;

        Watchdog() {
            Thread.ofPlatform().name("stress-watchdog").daemon(true).start(this);
        }

        void enter(String name, Duration bound) {
            deadline = System.nanoTime() + bound.toNanos();
            phase = name + " (bound " + bound.toSeconds() + " s)";
        }

        @Override
        public void run() {
            while (System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.out.println("OVERRUN in phase " + phase + "; thread dump (with virtual threads) follows");
            System.out.flush();
            try {
                Path dump = Files.createTempFile("stress-threads", ".txt");
                Files.delete(dump);
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
                System.out.println(Files.readString(dump));
                Files.delete(dump);
            } catch (IOException | RuntimeException e) {
                System.out.println("(no thread dump: " + e + ")");
            }
            System.out.flush();
            Runtime.getRuntime().halt(2);
        }
    }
}
