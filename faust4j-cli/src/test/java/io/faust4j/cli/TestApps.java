package io.faust4j.cli;

import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.ErrorPolicy;
import io.faust4j.KeyValue;
import io.faust4j.PageException;
import io.faust4j.PageResponse;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.TopicOptions;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Apps the command's tests run: named with {@code -A io.faust4j.cli.TestApps:<method>}. */
public final class TestApps {
    private static final Logger LOG = LoggerFactory.getLogger(TestApps.class);

    private TestApps() {
    }

    /** A reading: a model with a nested model. */
    public record Reading(String sensor, double value, Place place) {
    }

    /** Where a reading was taken. */
    public record Place(String room, int floor) {
    }

    /**
     * Counts words (the record keys) into the table {@code counts}, slowly (1 ms an event) so a test can stop it
     * mid-stream; logs "counted N" every 100 events.
     */
    public static App counting() {
        App app = App.create("cli-count", s -> s.topicPartitions(4).commitInterval(Duration.ofMillis(200)));
        Topic<String, String> words = app.topic("words", String.class, String.class,
                TopicOptions.defaults().valueSerializer("raw"));
        Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
        long[] seen = new long[1];
        app.agent("count", words, stream -> {
            for (KeyValue<String, String> item : stream.items()) {
                counts.update(item.key(), n -> n + 1);
                Thread.sleep(1);
                synchronized (seen) {
                    if (++seen[0] % 100 == 0) {
                        LOG.info("counted {}", seen[0]);
                    }
                }
            }
        });
        return app;
    }

    /** A note an app page reads from a request body. */
    public record Note(String text) {
    }

    /**
     * Counts visits per account (the record keys of {@code visits}) into the table {@code visit-count}, and declares
     * {@code POST /accounts/{account}/notes}, routed by that table: it reads a {@link Note} from the body and
     * answers the account's count, the note, the {@code X-Trace} header and the process id of the worker that
     * served it (404 for an account without visits).
     */
    public static App routing() {
        App app = App.create("cli-routing", s -> s.topicPartitions(4).commitInterval(Duration.ofMillis(200)));
        Topic<String, String> visits = app.topic("visits", String.class, String.class,
                TopicOptions.defaults().valueSerializer("raw"));
        Table<String, Long> counts = app.table("visit-count", String.class, Long.class, 0L);
        app.agent("count-visits", visits, stream -> {
            for (KeyValue<String, String> item : stream.items()) {
                counts.update(item.key(), n -> n + 1);
            }
        });
        app.page("POST", "/accounts/{account}/notes", counts, "account", request -> {
            String account = request.pathParameter("account");
            Note note = request.json(Note.class);
            long seen = counts.get(account);
            if (seen == 0) {
                throw new PageException(404, "No visits recorded for account '" + account + "'");
            }
            return PageResponse.json(Map.of("account", account, "visits", seen, "note", note.text(),
                    "trace", request.header("X-Trace").orElse(""), "pid", ProcessHandle.current().pid()));
        });
        return app;
    }

    /** An agent that blocks ten minutes on each event (to test a second INT). */
    public static App blocking() {
        App app = App.create("cli-block", s -> s.topicPartitions(1));
        Topic<String, String> blocks = app.topic("blocks", String.class, String.class,
                TopicOptions.defaults().valueSerializer("raw"));
        app.agent("block", blocks, stream -> {
            for (String ignored : stream) {
                LOG.info("blocking");
                Thread.sleep(600_000);
            }
        });
        return app;
    }

    /** Readings, a table of the last reading per sensor, and an agent that dead-letters values below zero. */
    public static App readings() {
        App app = App.create("cli-readings", s -> s.topicPartitions(2));
        Topic<String, Reading> readings = app.topic("readings", Reading.class);
        app.channel("alerts", String.class);
        Table<String, Reading> last = app.table("last-reading", String.class, Reading.class);
        app.agent("record", readings, AgentOptions.defaults().onError(ErrorPolicy.DEAD_LETTER), stream -> {
            for (KeyValue<String, Reading> item : stream.items()) {
                if (item.value().value() < 0) {
                    throw new IllegalArgumentException("negative reading " + item.value().value());
                }
                last.put(item.key(), item.value());
            }
        });
        return app;
    }

    /** The app's own commands: {@code faust4j -A ... report}. */
    public static java.util.List<Object> cliCommands() {
        return java.util.List.of(new Report());
    }

    /** An app-defined command: prints what the app is and where it would run. */
    @picocli.CommandLine.Command(name = "report", description = "Says which app this is and its broker.")
    static final class Report implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        Faust4jCommand faust4j;

        @picocli.CommandLine.Option(names = "--shout")
        boolean shout;

        @Override
        public Integer call() {
            String text = "app " + faust4j.app().id() + " on " + faust4j.settings().broker().get(0) + " with "
                    + faust4j.app().tables().size() + " table(s)";
            System.out.println(shout ? text.toUpperCase(java.util.Locale.ROOT) : text);
            return 0;
        }
    }

    /** Not an app: a static method with a parameter does not count. */
    public static App withParameter(String id) {
        return App.create(id);
    }
}
