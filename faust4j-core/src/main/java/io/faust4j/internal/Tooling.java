package io.faust4j.internal;

import io.faust4j.App;
import io.faust4j.DeadLetters;
import io.faust4j.Settings;
import io.faust4j.Table;
import io.faust4j.spi.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@code faust4j} command needs from the engine without starting a worker (which would join the
 * app's consumer group): the broker's transport, the app's internal topics, its dead-letter topics, and
 * the types of its tables. Not part of the API: for faust4j's own tools.
 */
public final class Tooling {
    private Tooling() {
    }

    /**
     * A declared table as the tools describe it.
     *
     * @param name the table name
     * @param kind {@code table}, {@code global table} or {@code set table}
     * @param keyType the key type
     * @param valueType the value type ({@code java.util.Set} for a set table)
     * @param partitions its number of partitions
     * @param changelogTopic its changelog topic under {@code settings}
     */
    public record TableInfo(String name, String kind, Class<?> keyType, Class<?> valueType, int partitions,
                            String changelogTopic) {
    }

    /**
     * A declared agent as the tools describe it.
     *
     * @param name the agent name
     * @param topic the topic its events enter through
     * @param consumedTopic the topic its actors consume (the repartition topic after a {@code groupBy})
     * @param errorPolicy its error policy
     * @param deadLetterTopic its dead-letter topic, empty when its policy sends none
     */
    public record AgentInfo(String name, String topic, String consumedTopic, String errorPolicy,
                            String deadLetterTopic) {
    }

    /** The declared agents (internal forwarding agents excluded) under {@code settings}. */
    public static List<AgentInfo> agents(App app, Settings settings) {
        AppImpl impl = (AppImpl) app;
        Topology topology = Topology.plan(impl, settings);
        List<AgentInfo> agents = new ArrayList<>();
        for (AgentImpl<?, ?> agent : impl.agentImpls()) {
            AgentPlan plan = topology.plans().stream().filter(p -> p.name().equals(agent.name())).findFirst()
                    .orElseThrow();
            agents.add(new AgentInfo(agent.name(), agent.topic().name(), plan.topic().name(),
                    agent.options().errorPolicy().name(),
                    agent.options().deadLetters() ? plan.deadLetterTopic() : ""));
        }
        return agents;
    }

    /** Opens the transport of the {@code broker} setting, found on the class path as a worker finds it. */
    public static Transport openTransport(Settings settings) {
        return Plugins.openTransport(settings);
    }

    /** The declared tables with their types and changelog topics under {@code settings}. */
    public static List<TableInfo> tables(App app, Settings settings) {
        List<TableInfo> tables = new ArrayList<>();
        for (Table<?, ?> table : app.tables()) {
            TableImpl<?, ?> impl = (TableImpl<?, ?>) table;
            String kind = impl instanceof GlobalTableImpl ? "global table"
                    : impl.valueType() == java.util.Set.class ? "set table" : "table";
            tables.add(new TableInfo(impl.name(), kind, impl.keyType(), impl.valueType(), impl.partitions(),
                    changelogTopic(settings, impl.name())));
        }
        return tables;
    }

    /**
     * The internal topics a worker of {@code app} uses under {@code settings}, each mapped to what it is for:
     * repartition topics, table changelogs and dead-letter topics.
     */
    public static Map<String, String> internalTopics(App app, Settings settings) {
        AppImpl impl = (AppImpl) app;
        Map<String, String> topics = new LinkedHashMap<>();
        Topology topology = Topology.plan(impl, settings);
        topology.repartitions().forEach((topic, source) -> {
            if (!topic.isChannel()) {
                topics.put(topic.name(), "repartition of " + source.name());
            }
        });
        for (TableImpl<?, ?> table : impl.tableImpls()) {
            topics.put(changelogTopic(settings, table.name()), "changelog of table " + table.name());
        }
        deadLetterTopics(app, settings).forEach((topic, agent) -> topics.put(topic, "dead letters of agent " + agent));
        return topics;
    }

    /** The dead-letter topics of the agents that have one (by their error policy), mapped to the agent. */
    public static Map<String, String> deadLetterTopics(App app, Settings settings) {
        AppImpl impl = (AppImpl) app;
        Map<String, String> topics = new LinkedHashMap<>();
        Topology topology = Topology.plan(impl, settings);
        for (AgentImpl<?, ?> agent : impl.agentImpls()) {
            if (agent.options().deadLetters()) {
                topology.plans().stream().filter(p -> p.name().equals(agent.name())).findFirst()
                        .ifPresent(p -> topics.putIfAbsent(p.deadLetterTopic(), agent.name()));
            }
        }
        return topics;
    }

    /**
     * The app's dead letters read and replayed through {@code transport}, as {@link io.faust4j.Worker#deadLetters()}
     * does, without a running worker.
     */
    public static DeadLetters deadLetters(App app, Settings settings, Transport transport) {
        return new DeadLetterQueue(transport, settings.effectiveId() + "-cli",
                deadLetterTopics(app, settings).keySet());
    }

    private static String changelogTopic(Settings settings, String table) {
        return settings.effectiveId() + "-" + table + "-changelog";
    }
}
