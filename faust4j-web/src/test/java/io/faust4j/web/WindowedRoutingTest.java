package io.faust4j.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faust4j.App;
import io.faust4j.PageResponse;
import io.faust4j.Settings;
import io.faust4j.Topic;
import io.faust4j.WindowedTable;
import io.faust4j.Windows;
import io.faust4j.Worker;
import io.faust4j.internal.LocalTables;
import io.faust4j.internal.memory.MemoryBroker;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two workers of one app in this JVM on memory://, each with its web server: a page routed by a windowed table
 * and the windowed table's own view answer every key at either worker with the owner's windows (the page runs
 * at the owner, bound to it, and reads the table there).
 */
class WindowedRoutingTest {
    @Test
    @Timeout(60)
    void eitherWorkerAnswersAKeysWindowsFromItsOwner() throws Exception {
        String broker = "windowed-routing-" + UUID.randomUUID();
        App app = App.create("wr", s -> s.broker("memory://" + broker).topicPartitions(4)
                .commitInterval(Duration.ofMillis(20)).set("web_port", "0").set("web_bind", "127.0.0.1"));
        Topic<String, String> words = app.topic("words", String.class);
        WindowedTable<String, Long> counts = app.table("counts", String.class, Long.class, 0L)
                .windowed(Windows.tumbling(Duration.ofDays(1)));
        app.agent("count", words.groupBy(w -> w), stream -> {
            for (String word : stream) {
                counts.update(word, n -> n + 1);
            }
        });
        app.page("GET", "/count/{word}", counts, "word", request -> {
            Map<io.faust4j.Window, Long> windows = counts.get(request.pathParameter("word")).all();
            return PageResponse.json(Map.of("count", windows.values().stream().mapToLong(Long::longValue).sum()));
        });
        Worker a = app.start(s -> s.set(Settings.WORKER_ID, "wr-a"));
        Worker b = app.start(s -> s.set(Settings.WORKER_ID, "wr-b"));
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (a.assignedPartitions().size() != 2 || b.assignedPartitions().size() != 2
                    || a.owners("wr-counts-changelog").size() != 4 || b.owners("wr-counts-changelog").size() != 4) {
                assertThat(System.nanoTime()).as("two partitions each and their routes within 20 s").isLessThan(deadline);
                Thread.sleep(10);
            }
            List<String> keys = List.of("apple", "pear", "plum", "fig", "kiwi", "lime");
            LocalTables.callAs(a, () -> {
                for (int i = 0; i < keys.size(); i++) {
                    for (int n = 0; n <= i; n++) {
                        words.send(keys.get(i), keys.get(i));
                    }
                }
                return null;
            });
            assertThat(a.awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(b.awaitIdle(Duration.ofSeconds(20))).isTrue();
            URI urlA = WebExtension.url(a).orElseThrow();
            URI urlB = WebExtension.url(b).orElseThrow();
            for (int i = 0; i < keys.size(); i++) {
                for (URI url : List.of(urlA, urlB)) {
                    Http.Answer page = Http.get(url, "/count/" + keys.get(i));
                    assertThat(page.status()).as("%s at %s: %s", keys.get(i), url, page.body()).isEqualTo(200);
                    assertThat(page.json().get("count").asLong()).as(keys.get(i)).isEqualTo(i + 1);
                    Http.Answer table = Http.get(url, "/table/counts/" + keys.get(i));
                    assertThat(table.status()).as("%s at %s: %s", keys.get(i), url, table.body()).isEqualTo(200);
                    JsonNode windows = table.json().get("value");
                    assertThat(windows.size()).isEqualTo(1);
                    assertThat(windows.get(0).get("value").asLong()).isEqualTo(i + 1);
                }
            }
        } finally {
            a.stop();
            b.stop();
            MemoryBroker.discard(broker);
        }
    }
}
