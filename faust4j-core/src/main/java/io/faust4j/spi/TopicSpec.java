package io.faust4j.spi;

import java.util.Map;

/**
 * What the engine needs of a topic when it creates it: name, partitions, replication and config.
 *
 * @param name the topic name
 * @param partitions the partition count
 * @param replicationFactor the replication factor
 * @param compacted whether the topic is log-compacted (changelogs are)
 * @param internal whether faust4j owns the topic (repartition and changelog topics): always created
 * @param config extra broker-side topic config (for example {@code retention.ms})
 */
public record TopicSpec(String name, int partitions, int replicationFactor, boolean compacted, boolean internal,
                        Map<String, String> config) {
    public TopicSpec {
        config = Map.copyOf(config);
    }
}
