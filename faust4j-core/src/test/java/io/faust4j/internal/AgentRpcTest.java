package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.Agent;
import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.AskTimeoutException;
import io.faust4j.KeyValue;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Agent RPC: cast, ask, map, kvmap and join; a reply is what the loop emits for the request. */
class AgentRpcTest {
    record Quote(String product, int cents) {}

    private final String broker = "rpc-" + UUID.randomUUID();

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private App app(String id) {
        return App.create(id, s -> s.broker("memory://" + broker).topicPartitions(3));
    }

    @Test
    void askReturnsWhatTheLoopEmitsForThatEventAlsoThroughARepartition() {
        App app = app("prices");
        Topic<String, String> products = app.topic("products", String.class);
        Agent<String, String> price = app.agent("price", products, stream -> {
            for (String product : stream) {
                stream.emit(new Quote(product, product.length() * 100));
            }
        });
        Agent<String, String> byLength = app.agent("by-length", products.groupBy(p -> "n" + p.length()), stream -> {
            for (KeyValue<String, String> kv : stream.items()) {
                stream.emit("length " + kv.key() + ": " + kv.value());
            }
        });
        try (Worker worker = app.start()) {
            assertThat(price.ask("k", "pen", Quote.class, Duration.ofSeconds(10))).isEqualTo(new Quote("pen", 300));
            assertThat(price.ask("paper", Quote.class, Duration.ofSeconds(10))).isEqualTo(new Quote("paper", 500));
            assertThat(byLength.ask("ink", String.class, Duration.ofSeconds(10))).isEqualTo("length n3: ink");
        }
    }

    @Test
    void joinKeepsTheOrderOfTheValuesAndMapYieldsRepliesAsTheyArrive() {
        App app = app("squares");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Agent<String, Integer> square = app.agent("square", numbers, AgentOptions.defaults().concurrency(8), stream -> {
            for (int n : stream) {
                Thread.sleep(5L * (10 - n)); // later values answer first
                stream.emit(n * n);
            }
        });
        try (Worker worker = app.start()) {
            List<Integer> values = List.of(1, 2, 3, 4, 5, 6);
            assertThat(square.join(values, Integer.class, Duration.ofSeconds(10))).containsExactly(1, 4, 9, 16, 25, 36);
            List<Integer> mapped = new ArrayList<>();
            square.map(values, Integer.class, Duration.ofSeconds(10)).forEach(mapped::add);
            assertThat(mapped).containsExactlyInAnyOrder(1, 4, 9, 16, 25, 36);
            List<KeyValue<String, Integer>> pairs = new ArrayList<>();
            square.kvmap(List.of(new KeyValue<>("a", 7), new KeyValue<>("b", 8)), Integer.class, Duration.ofSeconds(10))
                    .forEach(pairs::add);
            assertThat(pairs).containsExactlyInAnyOrder(new KeyValue<>("a", 49), new KeyValue<>("b", 64));
        }
    }

    @Test
    void askFailsClearlyWhenNoReplyComesInTime() {
        App app = app("silent");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Agent<String, Integer> evens = app.agent("evens", numbers, stream -> {
            for (int n : stream) {
                if (n % 2 == 0) {
                    stream.emit(n);
                }
            }
        });
        try (Worker worker = app.start()) {
            assertThat(evens.ask("k", 2, Integer.class, Duration.ofSeconds(10))).isEqualTo(2);
            long start = System.nanoTime();
            assertThatThrownBy(() -> evens.ask("k", 3, Integer.class, Duration.ofMillis(300)))
                    .isInstanceOf(AskTimeoutException.class)
                    .hasMessageContaining("No reply from agent 'evens' within PT0.3S")
                    .hasMessageContaining("stream.emit");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 5_000L);
            assertThatThrownBy(() -> evens.join(List.of(4, 5), Integer.class, Duration.ofMillis(300)))
                    .isInstanceOf(AskTimeoutException.class);
        }
    }

    @Test
    void castSendsWithoutWaitingAndAskingFromInsideALoopIsRefused() throws Exception {
        App app = app("inside");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> other = app.topic("other", Integer.class);
        Agent<String, Integer> echo = app.agent("echo", other, stream -> {
            for (int n : stream) {
                stream.emit(n);
            }
        });
        CompletableFuture<String> error = new CompletableFuture<>();
        app.agent("asker", numbers, stream -> {
            for (int n : stream) {
                try {
                    echo.ask("k", n, Integer.class, Duration.ofSeconds(1));
                    error.complete("no error");
                } catch (IllegalStateException e) {
                    error.complete(e.getMessage());
                }
            }
        });
        try (Worker worker = app.start()) {
            numbers.send("k", 1);
            assertThat(error.get(10, TimeUnit.SECONDS)).contains("Cannot ask agent 'echo' from inside agent 'asker'");
            echo.cast("k", 5);
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(worker.stats().eventsProcessed()).isEqualTo(2);
        }
    }
}
