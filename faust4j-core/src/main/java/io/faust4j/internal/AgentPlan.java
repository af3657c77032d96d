package io.faust4j.internal;

import io.faust4j.AgentBody;
import io.faust4j.AgentOptions;
import io.faust4j.Sink;
import java.util.List;

/**
 * What a worker runs for one agent: the topic it consumes, its body and sinks. User agents and the
 * internal forwarding agents of {@code groupBy}/{@code through} steps are both plans.
 *
 * @param name the agent name (internal ones are {@code <agent>-<step>})
 * @param topic the topic its actors consume
 * @param body the loop
 * @param sinks where emitted values go
 * @param internal whether faust4j made it for a repartition or forward step
 * @param options the options of the agent it belongs to (error policy, dead letters)
 * @param deadLetterTopic where its dead letters go
 */
record AgentPlan(String name, TopicImpl<?, ?> topic, AgentBody<?, ?> body, List<Sink<?>> sinks, boolean internal,
                 AgentOptions options, String deadLetterTopic) {
}
