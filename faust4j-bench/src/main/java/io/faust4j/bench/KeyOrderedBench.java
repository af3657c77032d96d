package io.faust4j.bench;

import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code key-ordered}: an I/O-bound agent (a simulated remote call of {@code --call-ms} per event, a sleep on
 * its virtual thread) over one partition of the in-memory broker, once per {@code keyOrdered(N)} given in
 * {@code --lanes}; prints the events per second of the partition for each, and how many times faster the
 * last is than the first.
 */
final class KeyOrderedBench {
    private KeyOrderedBench() {
    }

    static int run(String[] args) throws Exception {
        int keys = 1_000;
        long callMillis = 20;
        int eventsPerLane = 50;
        List<Integer> lanes = List.of(1, 100);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--keys" -> keys = Integer.parseInt(args[++i]);
                case "--call-ms" -> callMillis = Long.parseLong(args[++i]);
                case "--events-per-lane" -> eventsPerLane = Integer.parseInt(args[++i]);
                case "--lanes" -> {
                    List<Integer> given = new ArrayList<>();
                    for (String part : args[++i].split(",")) {
                        given.add(Integer.parseInt(part.trim()));
                    }
                    lanes = List.copyOf(given);
                }
                default -> {
                    System.err.println("key-ordered: unknown option '" + args[i] + "' (options: --keys K --call-ms M"
                            + " --events-per-lane E --lanes 1,100)");
                    return 2;
                }
            }
        }
        System.out.printf("key-ordered: 1 partition, %d keys, a %d ms call per event, %d events per lane (at least 200)%n",
                keys, callMillis, eventsPerLane);
        List<Double> rates = new ArrayList<>();
        for (int n : lanes) {
            int events = Math.max(200, eventsPerLane * n);
            double rate = pass(n, events, keys, callMillis);
            rates.add(rate);
            System.out.printf("keyOrdered(%d): %,d events in %.2f s%n", n, events, events / rate);
            System.out.println("RESULT key-ordered lanes=" + n + " events_per_s=" + Math.round(rate));
        }
        if (rates.size() > 1) {
            System.out.printf("RESULT key-ordered speedup=%.1f (keyOrdered(%d) vs keyOrdered(%d))%n",
                    rates.get(rates.size() - 1) / rates.get(0), lanes.get(lanes.size() - 1), lanes.get(0));
        }
        return 0;
    }

    /** One timed pass: events pre-loaded into one partition, an agent calling a slow service for each. */
    private static double pass(int lanes, int events, int keys, long callMillis) throws Exception {
        String brokerName = "key-ordered-" + lanes + "-" + System.nanoTime();
        MemoryBroker broker = MemoryBroker.named(brokerName);
        try {
            broker.createTopic(new TopicSpec("requests", 1, 1, false, false, Map.of()));
            TopicPartition tp = new TopicPartition("requests", 0);
            for (int i = 0; i < events; i++) {
                byte[] key = ("\"customer-" + (i % keys) + "\"").getBytes(StandardCharsets.UTF_8);
                broker.append(tp, key, Integer.toString(i).getBytes(StandardCharsets.UTF_8), 0L, List.of());
            }
            App app = App.create("key-ordered", s -> s.broker("memory://" + brokerName).topicPartitions(1));
            Topic<String, Integer> requests = app.topic("requests", Integer.class);
            AtomicLong done = new AtomicLong();
            app.agent("call", requests, AgentOptions.defaults().keyOrdered(lanes), stream -> {
                for (int request : stream) {
                    Thread.sleep(callMillis); // the remote call
                    done.incrementAndGet();
                }
            });
            long start = System.nanoTime();
            try (Worker worker = app.start()) {
                while (done.get() < events) {
                    Thread.sleep(1);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (!worker.awaitIdle(Duration.ofSeconds(30)) || worker.stats().agentErrors() > 0) {
                    throw new IllegalStateException("key-ordered: the pass did not finish cleanly");
                }
                return events / seconds;
            }
        } finally {
            MemoryBroker.discard(brokerName);
        }
    }
}
