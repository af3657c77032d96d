package io.faust4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** metrics_registries=prometheus: the worker's meters in Prometheus' text format. */
class PrometheusScrapeTest {
    @Test
    void aScrapeShowsTheWorkersMetersInPrometheusText() {
        String broker = "memory://prometheus-" + UUID.randomUUID();
        App app = App.create("scraped", s -> s.broker(broker).topicPartitions(2).set("metrics_registries", "prometheus"));
        Topic<String, String> words = app.topic("words", String.class);
        Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
        app.agent("count", words.groupBy(w -> w), stream -> {
            for (String word : stream) {
                counts.update(word, n -> n + 1);
            }
        });
        PrometheusMeterRegistry registry;
        try (Worker worker = app.start()) {
            registry = Faust4jMetrics.prometheus(worker).orElseThrow();
            for (int i = 0; i < 120; i++) {
                words.send("k" + i, "w" + (i % 7));
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            String text = registry.scrape();
            assertThat(text).contains("faust4j_events_total{agent=\"count\",app=\"scraped\"} 120.0");
            assertThat(text).contains("faust4j_messages_received_total{app=\"scraped\",topic=\"words\"} 120.0");
            assertThat(text).contains("faust4j_messages_sent_total{app=\"scraped\",topic=\"words\"} 120.0");
            assertThat(text).contains("faust4j_table_puts_total{app=\"scraped\",table=\"counts\"} 120.0");
            assertThat(text).contains("faust4j_partition_lag{app=\"scraped\",partition=\"0\",topic=\"words\"} 0.0");
            assertThat(text).contains("faust4j_partition_lag{app=\"scraped\",partition=\"1\",topic=\"words\"} 0.0");
            assertThat(text).contains("faust4j_rebalances_total{app=\"scraped\"} 1.0");
            assertThat(text).containsPattern("faust4j_commit_latency_seconds_count\\{app=\"scraped\"} [1-9]");
            assertThat(text).contains("# TYPE faust4j_event_processing_seconds summary");
        }
        assertThat(registry.isClosed()).as("the worker closes the registries it created").isTrue();
    }
}
