package io.faust4j.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard in a real headless Chromium: after the page has polled the worker, the chart has a line for the
 * agent with several points, and the numbers, the partitions and the tables are filled in. Skipped, saying so,
 * only where Chromium is not installed (.ci/run installs Debian's chromium package).
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void rendersTheChartAndTheNumbersInChromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + " (apt-get install chromium): the dashboard's browser test is skipped");
        App app = App.create("web-dashboard", s -> s.broker("memory://web-dashboard").set("web_port", "0")
                .set("web_bind", "127.0.0.1").topicPartitions(2));
        Topic<String, String> clicks = app.topic("clicks", String.class);
        Table<String, Long> counts = app.table("click-counts", String.class, Long.class, 0L);
        app.agent("count-clicks", clicks, stream -> {
            for (String page : stream) {
                counts.merge(page, 1L, Long::sum);
            }
        });
        AtomicBoolean sending = new AtomicBoolean(true);
        try (Worker worker = app.start()) {
            Thread sender = Thread.ofVirtual().start(() -> {
                long i = 0;
                while (sending.get()) {
                    clicks.send("page-" + (i % 7), "page-" + (i++ % 7));
                    if (i % 50 == 0) {
                        sleep(10);
                    }
                }
            });
            // three samples of the agent's rate, two seconds apart, while events flow
            Thread.sleep(Dashboard.SAMPLE_SECONDS * 3_000L + 500);
            sending.set(false);
            sender.join();
            worker.awaitIdle(Duration.ofSeconds(30));
            URI url = WebExtension.url(worker).orElseThrow();

            String dom = dumpDom(url);
            assertThat(dom).as("the page rendered data from /dashboard/data").contains("data-rendered=\"");
            Matcher line = Pattern.compile("<polyline[^>]*data-agent=\"count-clicks\"[^>]*points=\"([^\"]*)\"")
                    .matcher(dom);
            assertThat(line.find()).as("a chart line for the agent in:\n" + dom).isTrue();
            String[] points = line.group(1).trim().split(" ");
            assertThat(points.length).as("points of the agent's line").isGreaterThanOrEqualTo(2);
            assertThat(text(dom, "app")).isEqualTo("web-dashboard");
            assertThat(text(dom, "ready")).isEqualTo("ready");
            assertThat(Long.parseLong(text(dom, "events").replace(",", ""))).isEqualTo(worker.stats().eventsProcessed())
                    .isPositive();
            assertThat(text(dom, "assignment")).isEqualTo("0, 1");
            assertThat(dom).contains("<td>count-clicks</td><td>clicks</td>");
            assertThat(dom).containsPattern("<td>click-counts</td><td>0, 1</td><td class=\"n\">7</td>");
        } finally {
            sending.set(false);
        }
    }

    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element #" + id).isTrue();
        return m.group(1);
    }

    private static String dumpDom(URI url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("faust4j-chromium");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url + "/"));
        Process chromium = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = chromium.getInputStream().readAllBytes();
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new AssertionError("Chromium did not finish within 60 s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
