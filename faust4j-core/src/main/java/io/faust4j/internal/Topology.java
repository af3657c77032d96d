package io.faust4j.internal;

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
 * {@code <app>-<agent>-<name>-repartition}) and the internal agents that feed them.
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
            TopicImpl<?, ?> consumed = resolve(app, settings, agent.name(), agent.source(), plans, repartitions, names);
            plans.add(new AgentPlan(agent.name(), consumed, agent.body(), agent.options().sinks(), false));
        }
        return new Topology(List.copyOf(plans), repartitions);
    }

    private static TopicImpl<?, ?> resolve(AppImpl app, Settings settings, String agent, AbstractSource<?, ?> source,
                                           List<AgentPlan> plans, Map<TopicImpl<?, ?>, TopicImpl<?, ?>> repartitions,
                                           Set<String> names) {
        if (source instanceof TopicImpl<?, ?> topic) {
            return topic;
        }
        if (source instanceof AbstractSource.GroupBy<?, ?> groupBy) {
            return repartition(app, settings, agent, groupBy, plans, repartitions, names);
        }
        AbstractSource.Through<?, ?> through = (AbstractSource.Through<?, ?>) source;
        TopicImpl<?, ?> parent = resolve(app, settings, agent, through.parent, plans, repartitions, names);
        String step = agent + "-through-" + through.topic.name();
        requireUnique(names, step, agent);
        plans.add(new AgentPlan(step, parent, new Forwarder(through.topic, null, step), List.of(), true));
        return through.topic;
    }

    private static <K, V> TopicImpl<K, V> repartition(AppImpl app, Settings settings, String agent,
                                                      AbstractSource.GroupBy<K, V> groupBy, List<AgentPlan> plans,
                                                      Map<TopicImpl<?, ?>, TopicImpl<?, ?>> repartitions,
                                                      Set<String> names) {
        @SuppressWarnings("unchecked")
        TopicImpl<?, V> parent = (TopicImpl<?, V>) resolve(app, settings, agent, groupBy.parent, plans, repartitions, names);
        String step = agent + "-" + groupBy.name;
        requireUnique(names, step, agent);
        String topicName = settings.effectiveId() + "-" + step + "-repartition";
        String keyCodec = Codecs.defaultKeyCodecFor(groupBy.keyType, settings.keySerializer());
        TopicImpl<K, V> target = new TopicImpl<>(app, topicName, groupBy.keyType, parent.valueType(),
                Codecs.forName(keyCodec, groupBy.keyType), parent.valueCodec(), TopicOptions.defaults(),
                parent.isChannel(), true);
        repartitions.put(target, parent);
        plans.add(new AgentPlan(step, parent, new Forwarder(target, groupBy.keyFn, "groupBy '" + groupBy.name
                + "' of agent '" + agent + "'"), List.of(), true));
        return target;
    }

    private static void requireUnique(Set<String> names, String step, String agent) {
        if (!names.add(step)) {
            throw new ConfigurationException("Agent '" + agent + "' has two steps named '" + step
                    + "': give each groupBy of an agent its own name with groupBy(name, keyType, keyFn)");
        }
    }
}
