package io.faust4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Options of one agent.
 *
 * @param sinks where values passed to {@link Stream#emit} go, in order
 */
public record AgentOptions(List<Sink<?>> sinks) {
    public AgentOptions {
        sinks = List.copyOf(sinks);
    }

    /** No sinks. */
    public static AgentOptions defaults() {
        return new AgentOptions(List.of());
    }

    /** A copy with one more sink (a topic, a channel, an agent or a callback). */
    public AgentOptions sink(Sink<?> sink) {
        List<Sink<?>> more = new ArrayList<>(sinks);
        more.add(sink);
        return new AgentOptions(more);
    }
}
