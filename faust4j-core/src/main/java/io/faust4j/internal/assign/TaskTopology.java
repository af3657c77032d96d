package io.faust4j.internal.assign;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which subscribed topics are co-partitioned: each topic's group name. Partition {@code p} of every topic in
 * a group is one task. A topic the map does not name is a group of its own, named after the topic.
 *
 * @param groupOfTopic each topic's group, for example a source and its repartition topic under the agent's name
 */
public record TaskTopology(Map<String, String> groupOfTopic) {
    /**
     * Copies the map.
     *
     * @throws IllegalArgumentException when a group name is empty
     */
    public TaskTopology {
        groupOfTopic.forEach((topic, group) -> {
            if (group.isEmpty()) {
                throw new IllegalArgumentException("Topic '" + topic + "' has an empty group name");
            }
        });
        groupOfTopic = Collections.unmodifiableSortedMap(new TreeMap<>(groupOfTopic));
    }

    /** The group {@code topic} belongs to. */
    public String groupOf(String topic) {
        return groupOfTopic.getOrDefault(topic, topic);
    }
}
