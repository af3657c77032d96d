package io.faust4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faust4j worker} in a child JVM on memory://: the banner, JSON logs, INT and TERM, exit codes. */
class WorkerProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "io.faust4j.cli.TestApps:readings";

    @TempDir
    Path dir;

    @Test
    void logsJsonLinesWithTheBannerAndStopsCleanlyOnInt() throws Exception {
        try (ChildWorker worker = ChildWorker.start(dir.resolve("out.log"), "-A", APP, "worker", "-l", "info",
                "--json-logs", "--web-port", "0", "--web-bind", "127.0.0.1")) {
            worker.awaitOutput("Worker started", Duration.ofSeconds(60));
            String started = worker.output().lines().map(WorkerProcessTest::message)
                    .filter(m -> m.startsWith("Worker started")).findFirst().orElseThrow();
            java.util.regex.Matcher web = java.util.regex.Pattern.compile("web (http://127\\.0\\.0\\.1:\\d+)")
                    .matcher(started);
            assertThat(web.find()).as("the started line names the web server's URL: %s", started).isTrue();
            Cli table = Cli.run("-A", APP, "table", "last-reading", "--url", web.group(1), "--json");
            assertThat(table.code()).as(table.err()).isZero();
            assertThat(table.out()).contains("\"table\":\"last-reading\"", "\"entries\"");
            worker.signal("INT");
            assertThat(worker.awaitExit(Duration.ofSeconds(60))).isZero();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : worker.output().lines().toList()) {
                lines.add(JSON.readTree(line)); // every line is one JSON object
            }
            List<String> messages = lines.stream().map(l -> l.get("level").asText() + " " + l.get("formattedMessage").asText())
                    .toList();
            assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("INFO faust4j ").contains(
                    "worker of app 'cli-readings'", "broker    memory://", "agents    record <- readings",
                    "tables    last-reading"));
            assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("WARN broker is memory://: nothing leaves"
                    + " this process"));
            assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("INFO INT received"));
            assertThat(messages).last().asString().startsWith("INFO Worker stopped cleanly");
        }
    }

    @Test
    void showsTheBannerEvenAtWarnAndExitsZeroOnTerm() throws Exception {
        try (ChildWorker worker = ChildWorker.start(dir.resolve("out.log"), "-A", APP, "worker", "--web-port", "0")) {
            worker.awaitOutput("Worker started", Duration.ofSeconds(60));
            worker.signal("TERM");
            assertThat(worker.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(worker.output()).contains("worker of app 'cli-readings'", "nothing leaves this process",
                    "TERM received", "Worker stopped cleanly").doesNotContain("PollLoop");
        }
    }

    @Test
    void exitsNonZeroWithOneLineWhenTheWorkerCannotStart() throws Exception {
        try (ChildWorker worker = ChildWorker.start(dir.resolve("out.log"), "-A", APP, "worker", "--store",
                "nosuch://")) {
            assertThat(worker.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(worker.output().lines().filter(l -> l.startsWith("faust4j: ")).toList()).singleElement()
                    .asString().contains("The worker did not start", "no store for nosuch://");
        }
    }

    private static String message(String jsonLine) {
        try {
            return JSON.readTree(jsonLine).get("formattedMessage").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
