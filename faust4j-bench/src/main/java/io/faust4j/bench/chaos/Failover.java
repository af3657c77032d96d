package io.faust4j.bench.chaos;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code failover} scenario: three workers (JVMs of their own, as in the chaos harness) count orders
 * into RocksDB tables while orders flow at a steady rate; one is killed with SIGKILL and not restarted.
 * The gap is the time from the kill until the group's committed offsets move again on every partition
 * the killed worker held (source and repartition topic: the repartition step needs the moved table
 * shards recovered first). It times only; {@code ./bench chaos} checks what such kills do to the counts.
 *
 * <p>Prints {@code RESULT failover gap_s=<s> standbys=<n> session_timeout_s=<s> partitions_moved=<n>}; run it
 * with {@code --standbys 0} and {@code --standbys 1} to compare.
 */
public final class Failover {
    private static final long SAMPLE_MILLIS = 50;

    private Failover() {
    }

    /** Runs the scenario; returns the exit status. */
    public static int run(String[] args, PrintStream out) throws Exception {
        int workers = 3;
        Duration session = Duration.ofSeconds(10);
        long rate = 2_000;
        String store = "rocksdb://";
        int standbys = 1;
        long accounts = 20_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                case "--session-timeout" -> session = Duration.ofMillis(Long.parseLong(args[i + 1]));
                case "--rate" -> rate = Long.parseLong(args[i + 1]);
                case "--store" -> store = args[i + 1];
                case "--standbys" -> standbys = Integer.parseInt(args[i + 1]);
                case "--accounts" -> accounts = Long.parseLong(args[i + 1]);
                default -> {
                    out.println("failover: unknown option " + args[i]
                            + " (--workers N, --session-timeout MILLIS, --rate ORDERS_PER_S, --store URL, --standbys N, --accounts N)");
                    return 2;
                }
            }
        }
        Path dir = Files.createTempDirectory("faust4j-failover");
        long orders = rate * 60;
        ChaosOptions o = ChaosOptions.parse(new String[] {"--orders", Long.toString(orders), "--rate", Long.toString(rate),
                "--workers", Integer.toString(workers), "--session-timeout", Long.toString(session.toMillis()),
                "--commit-interval", "200", "--kills", "0", "--accounts", Long.toString(accounts),
                "--work-dir", dir.toString()});
        out.printf("failover: %d workers (store %s, %d standby replica(s)), %,d accounts, orders at %,d/s, session"
                + " timeout %s, run dir %s%n", workers, store, standbys, accounts, rate, session, dir);
        try (ChaosBroker broker = new ChaosBroker(dir)) {
            broker.start();
            return new Failover().measure(broker, o, workers, store, standbys, out, dir);
        } finally {
            ChildProcesses.killAll();
        }
    }

    private int measure(ChaosBroker broker, ChaosOptions o, int count, String store, int standbys, PrintStream out,
                        Path dir) throws Exception {
        List<WorkerProcess> workers = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            String slot = WorkerProcess.slotName(s, false);
            List<String> args = new ArrayList<>(List.of("--broker", broker.brokerUrl(), "--guarantee", "at_least_once",
                    "--parent-pid", Long.toString(ProcessHandle.current().pid())));
            for (String setting : List.of("topic_partitions=" + o.partitions(), "commit_interval=200ms",
                    "broker_session_timeout=" + o.sessionTimeout().toMillis() + "ms",
                    "broker_heartbeat_interval=" + Math.max(100, o.sessionTimeout().toMillis() / 6) + "ms",
                    "store=" + store, "worker_id=" + slot, "datadir=" + dir.resolve(slot + "-data"),
                    "table_standby_replicas=" + standbys)) {
                args.addAll(List.of("--setting", setting));
            }
            WorkerProcess w = new WorkerProcess(slot, dir, o.workerJvmOptions(), args);
            workers.add(w);
            w.start();
        }
        awaitReady(workers);
        OrderProducer producer = new OrderProducer(broker.bootstrapServers(), o, new SplittableRandom(7),
                new SplittableRandom(8));
        producer.start();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Thread.sleep(15_000); // steady state: every worker has its share and its tables
            Map<String, TreeSet<TopicPartition>> owned = ownership(admin);
            String victim = "chaos-" + workers.get(0).name();
            TreeSet<TopicPartition> moved = owned.getOrDefault(victim, new TreeSet<>(
                    java.util.Comparator.comparing(TopicPartition::toString)));
            if (moved.isEmpty()) {
                out.println("failover: the victim " + victim + " owned nothing: " + owned);
                return 1;
            }
            workers.get(0).kill();
            long killed = System.nanoTime();
            out.printf("KILL -9 %s (static member %s) holding %s%n", workers.get(0).name(), victim, moved);
            // a commit the victim sent just before it died may still land: the baseline is taken after it
            Thread.sleep(500);
            Map<TopicPartition, Long> before = committed(admin);
            Map<TopicPartition, Long> resumed = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            while (resumed.size() < moved.size()) {
                if (System.nanoTime() - killed > Duration.ofMinutes(3).toNanos()) {
                    out.println("failover: not resumed within 3 minutes: " + resumed);
                    return 1;
                }
                Thread.sleep(SAMPLE_MILLIS);
                Map<TopicPartition, Long> now = committed(admin);
                for (TopicPartition tp : moved) {
                    if (!resumed.containsKey(tp) && now.getOrDefault(tp, -1L) > before.getOrDefault(tp, -1L)) {
                        resumed.put(tp, System.nanoTime() - killed);
                    }
                }
            }
            producer.stop();
            double gap = resumed.values().stream().mapToLong(Long::longValue).max().orElse(0) / 1e9;
            resumed.forEach((tp, nanos) -> out.printf(Locale.ROOT, "  %-45s resumed after %.2f s%n", tp, nanos / 1e9));
            out.printf(Locale.ROOT, "processing resumed on all %d moved partitions %.2f s after the kill"
                    + " (session timeout %s)%n", moved.size(), gap, o.sessionTimeout());
            out.printf(Locale.ROOT, "%nRESULT failover gap_s=%.2f standbys=%d session_timeout_s=%d partitions_moved=%d%n",
                    gap, standbys, o.sessionTimeout().toSeconds(), moved.size());
            return 0;
        } finally {
            producer.stop();
            for (WorkerProcess w : workers) {
                w.kill();
            }
        }
    }

    private static void awaitReady(List<WorkerProcess> workers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!workers.stream().allMatch(WorkerProcess::printedReady)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the workers did not start within 120 s");
            }
            Thread.sleep(200);
        }
    }

    /** Each static member's partitions (of every topic), by group instance id. */
    private static Map<String, TreeSet<TopicPartition>> ownership(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(ChaosApp.ID)).all()
                .get(30, TimeUnit.SECONDS).get(ChaosApp.ID);
        Map<String, TreeSet<TopicPartition>> owned = new HashMap<>();
        for (MemberDescription m : group.members()) {
            TreeSet<TopicPartition> set = new TreeSet<>(java.util.Comparator.comparing(TopicPartition::toString));
            set.addAll(m.assignment().topicPartitions());
            owned.put(m.groupInstanceId().orElse(m.consumerId()), set);
        }
        return owned;
    }

    private static Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets(ChaosApp.ID)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        read.forEach((tp, o) -> {
            if (o != null) {
                offsets.put(tp, o.offset());
            }
        });
        return offsets;
    }
}
