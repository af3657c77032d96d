package io.faust4j.kafka;

import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Topic;
import io.faust4j.Worker;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * A worker in a JVM of its own for {@link StaticMembershipTest}: joins group {@code <app id>} with the given
 * {@code worker_id} and prints {@code ASSIGNED [partitions]} whenever its assignment changes, until killed.
 *
 * <p>Arguments: broker URL, app id, worker id.
 */
final class StaticMemberChild {
    static final int PARTITIONS = 4;
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(60);

    private StaticMemberChild() {
    }

    static App app(String brokerUrl, String id, String workerId) {
        App app = App.create(id, s -> s.broker(brokerUrl).topicPartitions(PARTITIONS)
                .set(Settings.BROKER_SESSION_TIMEOUT, SESSION_TIMEOUT)
                .set(Settings.BROKER_HEARTBEAT_INTERVAL, Duration.ofMillis(300))
                .set(Settings.WORKER_ID, workerId));
        Topic<String, String> input = app.topic(id + "-in", String.class);
        app.agent("noop", input, stream -> {
            for (String ignored : stream) {
                // the test watches assignments only
            }
        });
        return app;
    }

    public static void main(String[] args) throws Exception {
        Worker worker = app(args[0], args[1], args[2]).start();
        Set<Integer> last = Set.of();
        while (true) {
            Set<Integer> now = new TreeSet<>(worker.assignedPartitions());
            if (!now.equals(last)) {
                System.out.println("ASSIGNED " + now);
                System.out.flush();
                last = now;
            }
            Thread.sleep(20);
        }
    }
}
