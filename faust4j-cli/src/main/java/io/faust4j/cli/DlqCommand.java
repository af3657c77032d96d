package io.faust4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.faust4j.App;
import io.faust4j.DeadLetter;
import io.faust4j.Settings;
import io.faust4j.internal.Tooling;
import io.faust4j.spi.Transport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code faust4j dlq list | replay}: the app's dead letters (see {@link io.faust4j.DeadLetters}), read from its
 * dead-letter topics without joining its consumer group; {@code replay} sends the matching ones back to the
 * topic and partition they were read from.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Lists or replays the app's dead letters.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Replay.class})
final class DlqCommand implements Runnable {
    @ParentCommand
    Faust4jCommand top;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: list or replay");
    }

    /** The filters {@code list} and {@code replay} share. */
    abstract static class Filtered {
        @ParentCommand
        DlqCommand dlq;

        @Spec
        CommandSpec spec;

        @Option(names = "--agent", paramLabel = "NAME", description = "Only the dead letters of this agent.")
        String agent;

        @Option(names = "--exception", paramLabel = "CLASS",
                description = "Only those that failed with this exception (its full or simple class name).")
        String exception;

        @Option(names = "--from-offset", paramLabel = "N",
                description = "Only those at this offset of their dead-letter topic partition or later.")
        long fromOffset;

        Predicate<DeadLetter> filter() {
            Predicate<DeadLetter> filter = DeadLetter.all();
            if (agent != null) {
                filter = filter.and(DeadLetter.ofAgent(agent));
            }
            if (exception != null) {
                filter = filter.and(l -> l.exception().equals(exception) || l.exception().endsWith("." + exception));
            }
            long from = fromOffset;
            return filter.and(l -> l.deadLetterOffset() >= from);
        }

        /** Runs {@code action} on the app's dead letters, failing clearly when the app has no dead-letter topic. */
        <T> T withDeadLetters(java.util.function.BiFunction<io.faust4j.DeadLetters, Settings, T> action) {
            App app = dlq.top.app();
            Settings settings = dlq.top.settings();
            if (agent != null && app.agents().stream().noneMatch(a -> a.name().equals(agent))) {
                throw new CliException("App '" + app.id() + "' has no agent '" + agent + "'");
            }
            if (Tooling.deadLetterTopics(app, settings).isEmpty()) {
                throw new CliException("App '" + app.id() + "' has no dead-letter topics: none of its agents has an"
                        + " error policy that sends dead letters");
            }
            try (Transport transport = BrokerAccess.open(settings, "dlq")) {
                return action.apply(Tooling.deadLetters(app, settings, transport), settings);
            }
        }
    }

    /** {@code faust4j dlq list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the dead letters.")
    static final class ListLetters extends Filtered implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Override
        public Integer call() throws JsonProcessingException {
            List<DeadLetter> letters = withDeadLetters((letters1, settings) -> letters1.list(filter()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (DeadLetter letter : letters) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("dlq", letter.deadLetterTopic() + "[" + letter.partition() + "]@" + letter.deadLetterOffset());
                row.put("agent", letter.agent());
                row.put("from", letter.topic() + "[" + letter.partition() + "]@" + letter.offset());
                row.put("attempts", letter.attempts());
                row.put("exception", letter.exception());
                row.put("message", letter.message());
                row.put("key", text(letter.key()));
                if (json) {
                    row.put("value", text(letter.value()));
                    row.put("timestamp", letter.timestamp());
                }
                rows.add(row);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? JSON.writeValueAsString(rows) + System.lineSeparator() : Tabular.format(rows));
            out.flush();
            return 0;
        }

        private static String text(byte[] bytes) {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** {@code faust4j dlq replay}. */
    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Sends the matching dead letters back to where they were read from (they stay in the"
                    + " dead-letter topic: replaying twice sends them twice).")
    static final class Replay extends Filtered implements Callable<Integer> {
        @Override
        public Integer call() {
            int sent = withDeadLetters((letters, settings) -> letters.replay(filter()));
            spec.commandLine().getOut().println("Replayed " + sent + (sent == 1 ? " dead letter" : " dead letters"));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
