package io.faust4j.internal;

import io.faust4j.Settings;
import io.faust4j.TransportException;
import io.faust4j.spi.TopicSpec;
import io.faust4j.spi.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes sure every topic a worker needs exists with the right partition count before it starts:
 * declared topics (created when missing, if {@code topic_allow_declare}), repartition topics (as many
 * partitions as their source) and compacted changelog topics. Every problem found is reported in one
 * message that names the topics and their counts.
 */
final class TopicSetup {
    private TopicSetup() {
    }

    /** Creates what is missing and returns the partition count of every topic. */
    static Map<String, Integer> ensure(Transport transport, Settings settings, List<TopicImpl<?, ?>> declared,
                                       Map<TopicImpl<?, ?>, TopicImpl<?, ?>> repartitions, List<TableRuntime<?, ?>> tables,
                                       Map<String, TopicImpl<?, ?>> deadLetterTopics) {
        return ensure(transport, settings, declared, repartitions, tables, deadLetterTopics, true);
    }

    private static Map<String, Integer> ensure(Transport transport, Settings settings, List<TopicImpl<?, ?>> declared,
                                               Map<TopicImpl<?, ?>, TopicImpl<?, ?>> repartitions,
                                               List<TableRuntime<?, ?>> tables, Map<String, TopicImpl<?, ?>> deadLetterTopics,
                                               boolean firstPass) {
        Set<String> names = new LinkedHashSet<>();
        names.addAll(deadLetterTopics.keySet());
        declared.forEach(t -> names.add(t.name()));
        repartitions.keySet().forEach(t -> names.add(t.name()));
        tables.forEach(t -> names.add(t.changelogTopic()));
        Map<String, Integer> existing = transport.describeTopics(names);
        Map<String, Integer> counts = new HashMap<>(existing);
        List<TopicSpec> create = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int replicas = settings.topicReplicationFactor();

        for (TopicImpl<?, ?> topic : declared) {
            int wanted = topic.options().fixedPartitions().orElse(settings.topicPartitions());
            Integer actual = existing.get(topic.name());
            if (actual == null) {
                if (settings.topicAllowDeclare()) {
                    create.add(spec(topic.name(), wanted, topic.options().replicas() > 0 ? topic.options().replicas() : replicas,
                            topic.options().compacted(), false, retention(topic)));
                    counts.put(topic.name(), wanted);
                } else {
                    problems.add("topic '" + topic.name() + "' does not exist (create it with " + wanted
                            + " partitions, or set topic_allow_declare=true to let the app create it)");
                }
            } else if (topic.options().fixedPartitions().isPresent() && actual != wanted) {
                problems.add("topic '" + topic.name() + "' has " + actual + " partitions but is declared with " + wanted);
            }
        }
        repartitions.forEach((target, source) -> {
            Integer sourceCount = counts.get(source.name());
            if (sourceCount == null) {
                return;
            }
            checkOrCreate(target.name(), sourceCount, "its source topic '" + source.name() + "' has " + sourceCount,
                    false, existing, counts, create, problems, replicas);
        });
        for (TableRuntime<?, ?> table : tables) {
            checkOrCreate(table.changelogTopic(), table.partitions(), "table '" + table.name() + "' has "
                    + table.partitions(), true, existing, counts, create, problems, replicas);
        }
        deadLetterTopics.forEach((name, source) -> {
            if (counts.containsKey(name) || create.stream().anyMatch(t -> t.name().equals(name))) {
                return; // exists (its partitions may differ: a dead letter keeps its partition number modulo the count)
            }
            int partitions = source.isChannel() ? 1 : counts.getOrDefault(source.name(), settings.topicPartitions());
            create.add(spec(name, partitions, replicas, false, true, Map.of()));
            counts.put(name, partitions);
        });
        if (!problems.isEmpty()) {
            throw new TransportException("Cannot start app '" + settings.id() + "': " + String.join("; ", problems) + ".");
        }
        if (!create.isEmpty()) {
            transport.createTopics(create);
            if (firstPass && createdMeanwhile(transport, create)) { // another worker or tool was first: check again
                return ensure(transport, settings, declared, repartitions, tables, deadLetterTopics, false);
            }
        }
        return counts;
    }

    /**
     * Whether a topic this worker meant to create has another partition count than it asked for: it was created
     * meanwhile by another worker or a tool (or it existed, but the broker's metadata did not show it yet).
     */
    private static boolean createdMeanwhile(Transport transport, List<TopicSpec> created) {
        Set<String> names = new LinkedHashSet<>();
        created.forEach(t -> names.add(t.name()));
        Map<String, Integer> actual = transport.describeTopics(names);
        return created.stream().anyMatch(t -> actual.containsKey(t.name()) && actual.get(t.name()) != t.partitions());
    }

    private static void checkOrCreate(String name, int wanted, String why, boolean compacted, Map<String, Integer> existing,
                                      Map<String, Integer> counts, List<TopicSpec> create, List<String> problems,
                                      int replicas) {
        Integer actual = existing.get(name);
        if (actual == null) {
            create.add(spec(name, wanted, replicas, compacted, true, Map.of()));
            counts.put(name, wanted);
        } else if (actual != wanted) {
            problems.add("internal topic '" + name + "' has " + actual + " partitions but " + why
                    + " (co-partitioned topics need equal counts: delete the internal topic, or change the app's version"
                    + " setting to start with new internal topics)");
        }
    }

    private static Map<String, String> retention(TopicImpl<?, ?> topic) {
        return topic.options().retention().isZero() ? Map.of()
                : Map.of("retention.ms", Long.toString(topic.options().retention().toMillis()));
    }

    private static TopicSpec spec(String name, int partitions, int replicas, boolean compacted, boolean internal,
                                  Map<String, String> config) {
        return new TopicSpec(name, partitions, replicas, compacted, internal, config);
    }
}
