package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.Worker;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static membership ({@code worker_id}): a worker killed with SIGKILL and started again takes its
 * partitions back at once, while the group's other worker keeps its own and never takes the dead one's
 * (without it, the group waits out the 60 s session timeout before anyone processes them again).
 */
class StaticMembershipTest {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** A child JVM running {@link StaticMemberChild}, its assignment lines in a queue. */
    private record Child(Process process, BlockingQueue<String> lines) {
        static Child start(String id, String workerId) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    StaticMemberChild.class.getName(), kafka.brokerUrl(), id, workerId)).redirectErrorStream(true).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.startsWith("ASSIGNED ")) {
                            lines.add(line.substring("ASSIGNED ".length()));
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the process died
                }
            });
            reader.setDaemon(true);
            reader.start();
            return new Child(process, lines);
        }

        /** Waits for an assignment line with {@code size} partitions. */
        String awaitAssigned(int size, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && (line.equals("[]") ? 0 : line.split(",").length) == size) {
                    return line;
                }
            }
            throw new AssertionError("no assignment of " + size + " partitions within " + timeout);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: it never leaves the group
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKilledWorkerRestartedWithItsIdTakesItsPartitionsBackAtOnce() throws Exception {
        String id = "static-" + UUID.randomUUID().toString().substring(0, 8);
        Child first = Child.start(id, "worker-a");
        Child second = null;
        try (Worker other = StaticMemberChild.app(kafka.brokerUrl(), id, "").start()) {
            String mine = first.awaitAssigned(2, Duration.ofSeconds(60));
            OrderCountsApp.awaitCondition("the other worker holds two partitions", Duration.ofSeconds(30),
                    () -> other.assignedPartitions().size() == 2);
            Set<Integer> others = Set.copyOf(other.assignedPartitions());

            first.kill();
            long killed = System.nanoTime();
            second = Child.start(id, "worker-a");
            Set<Set<Integer>> seenByOther = new HashSet<>();
            String back = null;
            while (back == null) {
                seenByOther.add(Set.copyOf(other.assignedPartitions()));
                String line = second.lines().poll(20, TimeUnit.MILLISECONDS);
                if (line != null && !line.equals("[]")) {
                    back = line;
                }
                assertThat(System.nanoTime() - killed).as("the restarted worker got partitions")
                        .isLessThan(StaticMemberChild.SESSION_TIMEOUT.toNanos());
            }
            double seconds = (System.nanoTime() - killed) / 1e9;
            assertThat(back).as("the restarted worker got its own partitions back").isEqualTo(mine);
            // measured from the kill, so it includes the restarted JVM's start (seconds on a loaded machine)
            assertThat(seconds).as("back long before the %s session timeout", StaticMemberChild.SESSION_TIMEOUT)
                    .isLessThan(StaticMemberChild.SESSION_TIMEOUT.toSeconds() / 2.0);
            assertThat(seenByOther).as("the other worker kept its partitions throughout").containsOnly(others);
            System.out.printf("kill -9 -> partitions back on the restarted worker: %.1f s%n", seconds);
        } finally {
            first.kill();
            if (second != null) {
                second.kill();
            }
        }
    }
}
