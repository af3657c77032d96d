package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.App;
import io.faust4j.ConfigurationException;
import io.faust4j.PageResponse;
import io.faust4j.Topic;
import io.faust4j.WindowedTable;
import io.faust4j.Windows;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.LocalTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A windowed table as the web server sees it ({@link LocalTables}): keyed by the table's own keys, each
 * held by exactly the worker whose partitions hold the key's windows, so routing by it reaches them.
 */
class WindowedViewTest {
    private final String broker = "windowed-view-" + UUID.randomUUID();

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private record Setup(App app, Topic<String, String> words, WindowedTable<String, Long> counts) {
    }

    private Setup setup() {
        App app = App.create("view", s -> s.broker("memory://" + broker).topicPartitions(4)
                .commitInterval(Duration.ofMillis(20)));
        Topic<String, String> words = app.topic("words", String.class);
        WindowedTable<String, Long> counts = app.table("counts", String.class, Long.class, 0L)
                .windowed(Windows.tumbling(Duration.ofHours(1)));
        app.agent("count", words.groupBy(w -> w), stream -> {
            for (String word : stream) {
                counts.update(word, n -> n + 1);
            }
        });
        app.page("GET", "/counts/{word}", counts, "word", request -> PageResponse.json(Map.of()));
        return new Setup(app, words, counts);
    }

    @Test
    void eachKeyIsFoundExactlyAtTheWorkerThatHoldsItsPartitionWithItsWindows() throws Exception {
        Setup s = setup();
        Worker a = s.app().start(x -> x.set(io.faust4j.Settings.WORKER_ID, "view-a"));
        Worker b = s.app().start(x -> x.set(io.faust4j.Settings.WORKER_ID, "view-b"));
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (a.assignedPartitions().size() != 2 || b.assignedPartitions().size() != 2) {
                assertThat(System.nanoTime()).as("two partitions each within 10 s").isLessThan(deadline);
                Thread.onSpinWait();
            }
            List<String> words = List.of("apple", "pear", "plum", "fig", "kiwi", "lime", "date", "yuzu");
            LocalTables.callAs(a, () -> { // two workers of the app in this JVM: send through one of them
                for (int i = 0; i < words.size(); i++) {
                    for (int n = 0; n <= i; n++) {
                        s.words().send(words.get(i), words.get(i));
                    }
                }
                return null;
            });
            assertThat(a.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(b.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(LocalTables.of(a)).extracting(LocalTable::name).as("internal tables are not shown")
                    .containsExactly("counts");
            LocalTable viewA = view(a);
            LocalTable viewB = view(b);
            assertThat(viewA.keyType()).isEqualTo(String.class);
            int atA = 0;
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                int partition = viewA.partitionOf(word);
                assertThat(viewB.partitionOf(word)).isEqualTo(partition);
                boolean aHolds = a.assignedPartitions().contains(partition);
                atA += aHolds ? 1 : 0;
                LocalTable owner = aHolds ? viewA : viewB;
                LocalTable other = aHolds ? viewB : viewA;
                assertThat(other.find(word)).as("%s at the worker without partition %d", word, partition).isEmpty();
                Optional<Object> windows = owner.find(word);
                assertThat(windows).as("%s at the worker with partition %d", word, partition).isPresent();
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> list = (List<Map<String, Object>>) windows.get();
                assertThat(list).hasSize(1);
                assertThat(list.get(0)).containsEntry("value", (long) i + 1).containsKeys("start", "end");
            }
            assertThat(atA).as("the keys are spread over both workers").isBetween(1, words.size() - 1);
            int[] entries = new int[1];
            viewA.forEachLocal((k, v) -> entries[0]++);
            viewB.forEachLocal((k, v) -> entries[0]++);
            assertThat(entries[0]).as("one entry per key, over both workers").isEqualTo(words.size());
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void aPageIsRoutedOnlyByAWindowedTableOfTheSameApp() {
        Setup s = setup();
        Setup other = setup();
        assertThat(s.app().pages()).extracting(io.faust4j.Page::routeTable).containsExactly("counts");
        assertThatThrownBy(() -> s.app().page("GET", "/other/{word}", other.counts(), "word",
                request -> PageResponse.status(204)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not a windowed table of app 'view'");
    }

    private static LocalTable view(Worker worker) {
        return LocalTables.of(worker).stream().filter(t -> t.name().equals("counts")).findFirst().orElseThrow();
    }
}
