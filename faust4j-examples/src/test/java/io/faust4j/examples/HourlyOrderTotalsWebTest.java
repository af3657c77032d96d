package io.faust4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faust4j.Worker;
import io.faust4j.examples.HourlyOrderTotals.Order;
import io.faust4j.web.WebExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The example's page and its windowed table over HTTP, through a real worker's web server on memory://. */
class HourlyOrderTotalsWebTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void servesAUsersHourlyTotalsAndTheTableOfWindows() throws Exception {
        HourlyOrderTotals example = HourlyOrderTotals.create(s -> s.broker("memory://hourly-web-" + UUID.randomUUID())
                .topicPartitions(4).set("web_enabled", "true").set("web_port", "0").set("web_bind", "127.0.0.1"));
        try (Worker worker = example.app().start()) {
            URI url = WebExtension.url(worker).orElseThrow();
            example.orders().send("o-1", new Order("o-1", "ann", 10.0));
            example.orders().send("o-2", new Order("o-2", "ann", 2.5));
            example.orders().send("o-3", new Order("o-3", "bob", 4.0));
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            String hour = Instant.now().truncatedTo(ChronoUnit.HOURS).toString();
            long sameHour = Instant.now().until(Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS),
                    ChronoUnit.SECONDS);

            JsonNode totals = get(url, "/totals/ann", 200);
            assertThat(totals.get("user").asText()).isEqualTo("ann");
            JsonNode hours = totals.get("hours");
            assertThat(hours.size()).isBetween(1, 2); // 2 only if the orders straddled an hour's end
            double sum = 0;
            for (JsonNode total : hours) {
                sum += total.asDouble();
            }
            assertThat(sum).isEqualTo(12.5);
            if (sameHour > 60) {
                assertThat(hours.get(hour).asDouble()).isEqualTo(12.5);
            }
            assertThat(get(url, "/totals/nobody", 200).get("hours").size()).isZero();

            JsonNode table = get(url, "/table/hourly-order-totals/bob", 200);
            assertThat(table.get("key").asText()).isEqualTo("bob");
            JsonNode windows = table.get("value");
            assertThat(windows.size()).isEqualTo(1);
            assertThat(windows.get(0).get("value").asDouble()).isEqualTo(4.0);
            assertThat(Instant.parse(windows.get(0).get("end").asText()))
                    .isEqualTo(Instant.parse(windows.get(0).get("start").asText()).plus(1, ChronoUnit.HOURS));
            assertThat(get(url, "/table/hourly-order-totals", 200).get("entries").has("ann")).isTrue();
            get(url, "/table/hourly-order-totals/nobody", 404);
        }
    }

    private static JsonNode get(URI base, String path, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}
