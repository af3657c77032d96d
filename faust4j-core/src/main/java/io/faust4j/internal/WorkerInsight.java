package io.faust4j.internal;

import io.faust4j.Worker;
import io.faust4j.spi.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a running worker is doing, for dashboards beside the engine: events per agent and, per partition an
 * agent reads, how far it has got and where the partition ends.
 */
public final class WorkerInsight {
    private WorkerInsight() {
    }

    /**
     * One partition an agent reads on this worker.
     *
     * @param agent the agent's name (for a repartition step, the step's)
     * @param internal whether faust4j made the agent (a repartition or forward step)
     * @param topic the topic
     * @param partition the partition
     * @param position the offset of the next event to finish
     * @param end the partition's end offset (-1 when unknown)
     * @param events the events this agent handled on this partition since it was assigned here
     */
    public record PartitionProgress(String agent, boolean internal, String topic, int partition, long position,
                                    long end, long events) {
        /** Events not yet finished: {@code end - position}, at least 0 (0 when the end is unknown). */
        public long lag() {
            return end < 0 ? 0 : Math.max(0, end - position);
        }
    }

    /**
     * The partitions the worker's agents read now, by topic and partition.
     *
     * @throws IllegalArgumentException for a worker that faust4j did not start
     */
    public static List<PartitionProgress> partitions(Worker worker) {
        WorkerImpl impl = impl(worker);
        List<Actor> actors = impl.liveActors();
        List<TopicPartition> tps = actors.stream().map(Actor::topicPartition).distinct().toList();
        Map<TopicPartition, Long> ends = impl.endOffsetsOf(tps);
        List<PartitionProgress> progress = new ArrayList<>();
        for (Actor actor : actors) {
            TopicPartition tp = actor.topicPartition();
            progress.add(new PartitionProgress(actor.plan().name(), actor.plan().internal(), tp.topic(),
                    tp.partition(), actor.ackedNext(), ends.getOrDefault(tp, -1L), actor.processed()));
        }
        progress.sort(Comparator.comparing(PartitionProgress::topic).thenComparingInt(PartitionProgress::partition)
                .thenComparing(PartitionProgress::agent));
        return progress;
    }

    /** Events handled by each agent on its current partitions here (repartition steps left out), by name. */
    public static Map<String, Long> eventsByAgent(Worker worker) {
        Map<String, Long> events = new TreeMap<>();
        for (Actor actor : impl(worker).liveActors()) {
            if (!actor.plan().internal()) {
                events.merge(actor.plan().name(), actor.processed(), Long::sum);
            }
        }
        return events;
    }

    private static WorkerImpl impl(Worker worker) {
        if (!(worker instanceof WorkerImpl impl)) {
            throw new IllegalArgumentException("Not a faust4j worker: " + worker);
        }
        return impl;
    }
}
