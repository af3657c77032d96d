package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.Event;
import io.faust4j.Header;
import io.faust4j.Indexed;
import io.faust4j.KeyValue;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.SteppedClock;
import io.faust4j.spi.TopicPartition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The views an agent's loop can take of its stream, and where their results go. */
class StreamViewsTest {
    private final String broker = "views-" + UUID.randomUUID();
    private final List<Object> seen = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private App app(String id) {
        return App.create(id, s -> s.broker("memory://" + broker).topicPartitions(1));
    }

    private void run(App app, Runnable feed) {
        try (Worker worker = app.start()) {
            feed.run();
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
        }
    }

    private List<String> values(String topic) {
        List<String> out = new ArrayList<>();
        for (ConsumedRecord r : MemoryBroker.named(broker).read(new TopicPartition(topic, 0), 0)) {
            out.add(new String(r.value()));
        }
        return out;
    }

    @Test
    void itemsCarryKeysAndEventsCarryTheirPosition() {
        App app = app("items");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        app.agent("keys", numbers, stream -> {
            for (KeyValue<String, Integer> kv : stream.items()) {
                seen.add(kv.key() + "=" + kv.value());
            }
        });
        app.agent("events", numbers, stream -> {
            for (Event<String, Integer> e : stream.events()) {
                seen.add(e.topic() + "/" + e.partition() + "@" + e.offset() + ":" + e.value()
                        + (e.headers().isEmpty() ? "" : "#" + e.headers().get(0).valueAsString()));
            }
        });
        run(app, () -> {
            numbers.send("a", 1);
            numbers.send("b", 2, List.of(Header.of("trace", "t-1")));
        });
        assertThat(seen).containsExactlyInAnyOrder("a=1", "b=2", "numbers/0@0:1", "numbers/0@1:2#t-1");
    }

    @Test
    void filterSkipsAndEnumerateCounts() {
        App app = app("filter");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        app.agent("evens", numbers, stream -> {
            for (Indexed<Integer> n : stream.filter(v -> v % 2 == 0).enumerate()) {
                seen.add(n.index() + ":" + n.value());
            }
        });
        run(app, () -> {
            for (int i = 0; i < 7; i++) {
                numbers.send("k", i);
            }
        });
        assertThat(seen).containsExactly("0:0", "1:2", "2:4", "3:6");
    }

    @Test
    void takeHandsOverFullBatchesAndThenWhatArrivedWithinTheWindow() {
        App app = app("take");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        app.agent("batches", numbers, stream -> {
            for (List<Integer> batch : stream.take(3, Duration.ofMillis(100))) {
                seen.add(batch);
            }
        });
        run(app, () -> {
            for (int i = 0; i < 7; i++) {
                numbers.send("k", i);
            }
        });
        assertThat(seen).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6));
    }

    /** A clock that moves only when the test moves it, telling its listeners. */
    private static final class StepClock implements SteppedClock {
        private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        void advance(Duration amount) {
            millis.addAndGet(amount.toMillis());
            listeners.forEach(Runnable::run);
        }

        @Override
        public void addListener(Runnable listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(Runnable listener) {
            listeners.remove(listener);
        }
    }

    @Test
    void takeWindowClosesWhenASteppedClockPassesItAndNotBefore() {
        StepClock clock = new StepClock();
        App app = App.create("take-stepped", s -> s.broker("memory://" + broker).topicPartitions(1).clock(clock)
                .commitInterval(Duration.ofMinutes(10))); // no commit wakes the loop: the clock must
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        app.agent("batches", numbers, stream -> {
            for (List<Integer> batch : stream.take(3, Duration.ofHours(1))) {
                seen.add(batch);
            }
        });
        try (Worker worker = app.start()) {
            numbers.send("k", 1);
            numbers.send("k", 2);
            long started = System.nanoTime();
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue(); // waiting for the clock counts as idle
            assertThat(seen).isEmpty();
            assertThat(((WorkerImpl) worker).clockWaits()).singleElement().asString()
                    .contains("agent 'batches'", "take() window", Instant.ofEpochMilli(1_700_003_600_000L).toString());

            clock.advance(Duration.ofMinutes(59));
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(seen).isEmpty();

            clock.advance(Duration.ofMinutes(1));
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(seen).containsExactly(List.of(1, 2));
            assertThat(((WorkerImpl) worker).clockWaits()).isEmpty();
            assertThat(System.nanoTime() - started).isLessThan(Duration.ofSeconds(5).toNanos());

            numbers.send("k", 3);
            numbers.send("k", 4);
            numbers.send("k", 5);
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(seen).containsExactly(List.of(1, 2), List.of(3, 4, 5)); // a full batch needs no clock
        }
    }

    @Test
    void takeWindowOnAClockThatIsNotSteppedLastsItsLengthInRealTime() {
        App app = App.create("take-offset", s -> s.broker("memory://" + broker).topicPartitions(1)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(3))));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        app.agent("batches", numbers, stream -> {
            for (List<Integer> batch : stream.take(3, Duration.ofMillis(300))) {
                seen.add(batch);
            }
        });
        try (Worker worker = app.start()) {
            numbers.send("k", 1);
            long started = System.nanoTime();
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(250).toNanos());
            assertThat(seen).containsExactly(List.of(1));
        }
    }

    @Test
    void echoCopiesEventsAndEmitFeedsSinks() {
        App app = app("echo");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> copies = app.topic("copies", Integer.class);
        Topic<String, String> results = app.topic("results", String.class);
        app.agent("doubler", numbers, AgentOptions.defaults().sink(results).sink(seen::add), stream -> {
            for (int n : stream.echo(copies)) {
                stream.emit("twice " + n + " is " + 2 * n);
            }
        });
        run(app, () -> {
            numbers.send("k", 1);
            numbers.send("k", 2);
        });
        assertThat(values("copies")).containsExactly("1", "2");
        assertThat(values("results")).containsExactly("\"twice 1 is 2\"", "\"twice 2 is 4\"");
        assertThat(seen).containsExactly("twice 1 is 2", "twice 2 is 4");
    }

    @Test
    void throughForwardsToAnotherTopicFirst() {
        App app = app("through");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> staged = app.topic("staged", Integer.class);
        app.agent("reader", numbers.through(staged), stream -> {
            for (Event<String, Integer> e : stream.events()) {
                seen.add(e.topic() + ":" + e.key().orElse("-") + "=" + e.value());
            }
        });
        run(app, () -> numbers.send("k", 7));
        assertThat(seen).containsExactly("staged:k=7");
    }

    @Test
    void agentsSendToEachOtherAndChannelsStayInProcess() {
        App app = app("relay");
        Topic<String, String> words = app.channel("words", String.class);
        var shout = app.agent("shout", words, stream -> {
            for (String w : stream) {
                seen.add(w.toUpperCase());
            }
        });
        Topic<String, String> input = app.topic("input", String.class);
        app.agent("relay", input, stream -> {
            for (String w : stream) {
                shout.send(w + "!");
            }
        });
        run(app, () -> input.send("k", "hey"));
        assertThat(seen).containsExactly("HEY!");
        assertThat(MemoryBroker.named(broker).topicNames()).doesNotContain("words");
    }

    @Test
    void sendingToAGroupedAgentUsesTheGroupedKey() {
        App app = App.create("grouped", s -> s.broker("memory://" + broker).topicPartitions(4));
        Topic<String, String> words = app.topic("words", String.class);
        var byLength = app.agent("lengths", words.groupBy("length", Integer.class, String::length), stream -> {
            for (KeyValue<Integer, String> kv : stream.items()) {
                seen.add(kv.key() + ":" + kv.value() + "@" + stream.partition());
            }
        });
        run(app, () -> {
            byLength.send(5, "hello");
            words.send("k", "hi");
        });
        int partitionOf5 = Murmur2.partition("5".getBytes(), 4);
        int partitionOf2 = Murmur2.partition("2".getBytes(), 4);
        assertThat(seen).containsExactlyInAnyOrder("5:hello@" + partitionOf5, "2:hi@" + partitionOf2);
    }

    @Test
    void aFailingEventIsRetriedThenDeadLetteredAndTheLoopGoesOn() {
        App app = app("failing");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        app.agent("picky", numbers, stream -> {
            for (int n : stream) {
                if (n == 2) {
                    throw new IllegalStateException("no twos");
                }
                seen.add(n);
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 5; i++) {
                numbers.send("k", i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(worker.stats().agentErrors()).as("three attempts by default").isEqualTo(3);
            assertThat(worker.stats().retries()).isEqualTo(2);
            assertThat(worker.stats().deadLetters()).isEqualTo(1);
        }
        assertThat(seen).containsExactly(0, 1, 3, 4);
    }

    @Test
    void aSmallBufferPausesAndResumesWithoutLosingEvents() {
        App app = App.create("pause", s -> s.broker("memory://" + broker).topicPartitions(2).streamBufferMaxsize(8)
                .consumerMaxPollRecords(5));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        long[] sum = {0};
        app.agent("sum", numbers, stream -> {
            for (int n : stream) {
                synchronized (sum) {
                    sum[0] += n;
                }
            }
        });
        run(app, () -> {
            for (int i = 0; i < 5000; i++) {
                numbers.send("k" + (i % 10), i);
            }
        });
        assertThat(sum[0]).isEqualTo(4999L * 5000 / 2);
    }
}
