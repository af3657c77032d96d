package io.faust4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Topic;
import io.faust4j.internal.Tooling;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code faust4j agents | tables | topics | models}: what the app declares, as an aligned table for people
 * or, with {@code --json}, as a JSON array for machines. They read the app's declarations only: no broker is
 * contacted.
 */
final class ListCommands {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ListCommands() {
    }

    /** What the list commands share: the parent command, {@code --json}, and printing rows. */
    abstract static class ListCommand implements Callable<Integer> {
        @ParentCommand
        Faust4jCommand top;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print a JSON array (one object per row) instead of a table.")
        boolean json;

        @Override
        public Integer call() throws JsonProcessingException {
            App app = top.app();
            List<Map<String, Object>> rows = rows(app, top.settings());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JSON.writeValueAsString(rows));
            } else {
                out.print(Tabular.format(rows));
            }
            out.flush();
            return 0;
        }

        abstract List<Map<String, Object>> rows(App app, Settings settings);
    }

    /** {@code faust4j agents}. */
    @Command(name = "agents", mixinStandardHelpOptions = true, description = "Lists the app's agents.")
    static final class Agents extends ListCommand {
        @Override
        List<Map<String, Object>> rows(App app, Settings settings) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Tooling.AgentInfo agent : Tooling.agents(app, settings)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", agent.name());
                row.put("topic", agent.topic());
                row.put("consumes", agent.consumedTopic());
                row.put("on_error", agent.errorPolicy().toLowerCase(java.util.Locale.ROOT));
                row.put("dead_letters", agent.deadLetterTopic());
                rows.add(row);
            }
            return rows;
        }
    }

    /** {@code faust4j tables}. */
    @Command(name = "tables", mixinStandardHelpOptions = true, description = "Lists the app's tables.")
    static final class Tables extends ListCommand {
        @Override
        List<Map<String, Object>> rows(App app, Settings settings) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Tooling.TableInfo table : Tooling.tables(app, settings)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", table.name());
                row.put("kind", table.kind());
                row.put("key", table.keyType().getName());
                row.put("value", table.valueType().getName());
                row.put("partitions", table.partitions());
                row.put("changelog", table.changelogTopic());
                rows.add(row);
            }
            return rows;
        }
    }

    /** {@code faust4j topics}. */
    @Command(name = "topics", mixinStandardHelpOptions = true,
            description = "Lists the app's topics and channels, then the internal topics a worker creates.")
    static final class Topics extends ListCommand {
        @Override
        List<Map<String, Object>> rows(App app, Settings settings) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Topic<?, ?> topic : app.topics()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", topic.name());
                row.put("kind", topic.isChannel() ? "channel" : "topic");
                row.put("partitions", topic.isChannel() ? 1
                        : topic.options().fixedPartitions().orElse(settings.topicPartitions()));
                row.put("key", topic.keyType().getName());
                row.put("value", topic.valueType().getName());
                row.put("purpose", "");
                rows.add(row);
            }
            Tooling.internalTopics(app, settings).forEach((name, purpose) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", name);
                row.put("kind", "internal");
                row.put("partitions", "");
                row.put("key", "");
                row.put("value", "");
                row.put("purpose", purpose);
                rows.add(row);
            });
            return rows;
        }
    }

    /** {@code faust4j models}. */
    @Command(name = "models", mixinStandardHelpOptions = true,
            description = "Lists the records (models) the app's topics and tables carry, with their fields.")
    static final class Models extends ListCommand {
        @Override
        List<Map<String, Object>> rows(App app, Settings settings) {
            Map<Class<?>, List<String>> usedBy = new LinkedHashMap<>();
            for (Topic<?, ?> topic : app.topics()) {
                collect(usedBy, topic.keyType(), (topic.isChannel() ? "channel " : "topic ") + topic.name() + " key");
                collect(usedBy, topic.valueType(), (topic.isChannel() ? "channel " : "topic ") + topic.name() + " value");
            }
            for (Tooling.TableInfo table : Tooling.tables(app, settings)) {
                collect(usedBy, table.keyType(), "table " + table.name() + " key");
                collect(usedBy, table.valueType(), "table " + table.name() + " value");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            usedBy.forEach((type, uses) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", type.getName());
                Map<String, String> fields = new LinkedHashMap<>();
                for (RecordComponent component : type.getRecordComponents()) {
                    fields.put(component.getName(), component.getGenericType().getTypeName());
                }
                row.put("fields", fields);
                row.put("used_by", uses);
                rows.add(row);
            });
            return rows;
        }

        /** Adds {@code type} when it is a record, and the records its fields hold. */
        private static void collect(Map<Class<?>, List<String>> usedBy, Class<?> type, String use) {
            if (!type.isRecord()) {
                return;
            }
            boolean known = usedBy.containsKey(type);
            usedBy.computeIfAbsent(type, t -> new ArrayList<>()).add(use);
            if (!known) {
                for (RecordComponent component : type.getRecordComponents()) {
                    collect(usedBy, component.getType(), "field " + component.getName() + " of "
                            + type.getSimpleName());
                }
            }
        }
    }
}
