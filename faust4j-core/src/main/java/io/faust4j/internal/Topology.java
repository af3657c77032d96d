package io.faust4j.internal;

import io.faust4j.AgentOptions;
import io.faust4j.Codecs;
import io.faust4j.ConfigurationException;
import io.faust4j.Settings;
import io.faust4j.TopicOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole dataflow of an app, worked out before a worker starts: every agent's source chain turned
 * into the topics its actors consume, internal repartition topics (named
 * {@code <app>-<agent>-<name>-repartition}, or as Faust names them with {@code faust_compat}, see
 * {@link #repartitionTopicName}) and the internal agents that feed them.
 *
 * @param plans every agent to run, internal forwarding agents included
 * @param repartitions each repartition topic, mapped to the topic it repartitions
 */
record Topology(List<AgentPlan> plans, Map<TopicImpl<?, ?>, TopicImpl<?, ?>> repartitions) {

    static Topology plan(AppImpl app, Settings settings) {
        List<AgentPlan> plans = new ArrayList<>();
        Map<TopicImpl<?, ?>, TopicImpl<?, ?>> repartitions = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (AgentImpl<?, ?> agent : app.agentImpls()) {
            AgentOptions options = agent.options();
            String dlq = options.deadLetterTopic().isEmpty() ? agent.source().rootTopic().name() + "-dlq"
                    : options.deadLetterTopic();
            TopicImpl<?, ?> consumed = resolve(app, settings, agent, dlq, agent.source(), plans, repartitions, names);
            plans.add(new AgentPlan(agent.name(), consumed, agent.body(), options.sinks(), false, options, dlq));
        }
        return new Topology(List.copyOf(plans), repartitions);
    }

    private static TopicImpl<?, ?> resolve(AppImpl app, Settings settings, AgentImpl<?, ?> agent, String dlq,
                                           AbstractSource<?, ?> source,
                                           List<AgentPlan> plans, Map<TopicImpl<?, ?>, TopicImpl<?, ?>> repartitions,
                                           Set<String> names) {
        if (source instanceof TopicImpl<?, ?> topic) {
            return topic;
        }
        if (source instanceof AbstractSource.GroupBy<?, ?> groupBy) {
            return repartition(app, settings, agent, dlq, groupBy, plans, repartitions, names);
        }
        AbstractSource.Through<?, ?> through = (AbstractSource.Through<?, ?>) source;
        TopicImpl<?, ?> parent = resolve(app, settings, agent, dlq, through.parent, plans, repartitions, names);
        String step = agent.name() + "-through-" + through.topic.name();
        requireUnique(names, step, agent.name());
        plans.add(new AgentPlan(step, parent, new Forwarder(through.topic, null, step), List.of(), true,
                agent.options(), dlq));
        return through.topic;
    }

    private static <K, V> TopicImpl<K, V> repartition(AppImpl app, Settings settings, AgentImpl<?, ?> agent,
                                                      String dlq, AbstractSource.GroupBy<K, V> groupBy, List<AgentPlan> plans,
                                                      Map<TopicImpl<?, ?>, TopicImpl<?, ?>> repartitions,
                                                      Set<String> names) {
        @SuppressWarnings("unchecked")
        TopicImpl<?, V> parent = (TopicImpl<?, V>) resolve(app, settings, agent, dlq, groupBy.parent, plans,
                repartitions, names);
        String step = agent.name() + "-" + groupBy.name;
        requireUnique(names, step, agent.name());
        String topicName = repartitionTopicName(settings, agent.name(), parent.name(), parent.isInternal(),
                groupBy.name);
        String keyCodec = Codecs.defaultKeyCodecFor(groupBy.keyType, settings.keySerializer());
        TopicImpl<K, V> target = new TopicImpl<>(app, topicName, groupBy.keyType, parent.valueType(),
                app.codec(keyCodec, groupBy.keyType), parent.valueCodec(), TopicOptions.defaults(),
                parent.isChannel(), true);
        repartitions.put(target, parent);
        plans.add(new AgentPlan(step, parent, new Forwarder(target, groupBy.keyFn, "groupBy '" + groupBy.name
                + "' of agent '" + agent.name() + "'"), List.of(), true, agent.options(), dlq));
        return target;
    }

    /**
     * The repartition topic of {@code groupBy} in {@code agent} over the topic {@code source}: faust4j's
     * {@code <effective id>-<agent>-<groupBy>-repartition}, or with {@code faust_compat} Faust's
     * {@code <agent>-<source>-<groupBy>-repartition} (Faust's {@code Stream.group_by}: the agent's name as
     * prefix, the field name as suffix, no app id), so a faust4j agent named as the Faust agent's qualified
     * name continues its repartition stream. A source that already carries the prefix (the repartition topic
     * of an earlier groupBy) gets no second one, as Faust's {@code has_prefix}.
     */
    static String repartitionTopicName(Settings settings, String agent, String source, boolean sourceHasPrefix,
                                       String groupBy) {
        if (!settings.faustCompat()) {
            return settings.effectiveId() + "-" + agent + "-" + groupBy + "-repartition";
        }
        return (sourceHasPrefix ? "" : agent + "-") + source + "-" + groupBy + "-repartition";
    }

    private static void requireUnique(Set<String> names, String step, String agent) {
        if (!names.add(step)) {
            throw new ConfigurationException("Agent '" + agent + "' has two steps named '" + step
                    + "': give each groupBy of an agent its own name with groupBy(name, keyType, keyFn)");
        }
    }
}
