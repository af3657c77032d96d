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
        String topicName = settings.effectiveId() + "-" + step + "-repartition";
        String keyCodec = Codecs.defaultKeyCodecFor(groupBy.keyType, settings.keySerializer());
        TopicImpl<K, V> target = new TopicImpl<>(app, topicName, groupBy.keyType, parent.valueType(),
                Codecs.forName(keyCodec, groupBy.keyType), parent.valueCodec(), TopicOptions.defaults(),
                parent.isChannel(), true);
        repartitions.put(target, parent);
        plans.add(new AgentPlan(step, parent, new Forwarder(target, groupBy.keyFn, "groupBy '" + groupBy.name
                + "' of agent '" + agent.name() + "'"), List.of(), true, agent.options(), dlq));
        return target;
    }

    private static void requireUnique(Set<String> names, String step, String agent) {
        if (!names.add(step)) {
            throw new ConfigurationException("Agent '" + agent + "' has two steps named '" + step
                    + "': give each groupBy of an agent its own name with groupBy(name, keyType, keyFn)");
        }
    }
}
