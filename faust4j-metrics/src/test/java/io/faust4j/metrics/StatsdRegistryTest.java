package io.faust4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.App;
import io.faust4j.ConfigurationException;
import io.faust4j.Topic;
import io.faust4j.Worker;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** metrics_registries=statsd: the worker's meters reach a StatsD agent as UDP lines. */
class StatsdRegistryTest {
    @Test
    void countersReachAStatsdAgentOnTheLoopback() throws Exception {
        try (DatagramSocket agent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            agent.setSoTimeout(200);
            String broker = "memory://statsd-" + UUID.randomUUID();
            App app = App.create("udp", s -> s.broker(broker).topicPartitions(1)
                    .set("metrics_registries", "statsd").set("metrics_statsd_host", "127.0.0.1")
                    .set("metrics_statsd_port", String.valueOf(agent.getLocalPort()))
                    .set("metrics_statsd_flavor", "datadog").set("metrics_step", "100ms"));
            Topic<String, String> words = app.topic("words", String.class);
            app.agent("echo", words, stream -> stream.forEach(w -> { }));
            List<String> lines = new ArrayList<>();
            try (Worker worker = app.start()) {
                for (int i = 0; i < 42; i++) {
                    words.send("k", "w" + i);
                }
                assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < deadline && !(readAll(lines) && eventsSent(lines) == 42)) {
                    receive(agent, lines);
                }
            }
            // datadog lines: name:value|type|#tags. Gauges are sent at every step, counters as the deltas since
            // the last one; Micrometer drops lines its sender cannot take in time (best effort, as UDP), so on a
            // busy machine a delta may be missing: the deltas received add up to the count at most
            assertThat(readAll(lines)).as(String.join("\n", lines)).isTrue();
            assertThat(lines).anyMatch(l -> l.startsWith("faust4j.events:") && l.contains("agent:echo"));
            assertThat(eventsSent(lines)).as(String.join("\n", lines)).isLessThanOrEqualTo(42);
            assertThat(lines).anyMatch(l -> l.startsWith("faust4j.partition.lag:") && l.contains("topic:words"));
            assertThat(lines).noneMatch(l -> l.startsWith("faust4j.partition.lag:-"));
        }
    }

    /** Whether a line says the worker read the 42 records of words-0. */
    private static boolean readAll(List<String> lines) {
        return lines.stream().anyMatch(l -> l.startsWith("faust4j.partition.read.offset:42|g|")
                && l.contains("partition:0") && l.contains("topic:words"));
    }

    private static long eventsSent(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("faust4j.events:") && l.contains("agent:echo"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.indexOf(':') + 1, l.indexOf('|')))).sum();
    }

    private static void receive(DatagramSocket socket, List<String> lines) throws Exception {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return;
        }
        for (String line : new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
    }

    @Test
    void aPortOutOfRangeIsAClearError() {
        App app = App.create("badport", s -> s.broker("memory://statsd-" + UUID.randomUUID())
                .set("metrics_registries", "statsd").set("metrics_statsd_port", "70000"));
        assertThatThrownBy(app::start).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("metrics_statsd_port").hasMessageContaining("65535");
    }
}
