package io.faust4j.internal;

import io.faust4j.internal.assign.AssignmentInfo;
import io.faust4j.internal.assign.AssignorConfig;
import io.faust4j.internal.assign.AssignorContext;
import io.faust4j.internal.assign.LocalTasks;
import io.faust4j.internal.assign.Route;
import io.faust4j.internal.assign.TaskId;
import io.faust4j.internal.assign.TaskTopology;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.Transport;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What a worker's group consumer hands faust4j's assignor: balanced, sticky assignments (on Kafka under
 * at-least-once with the cooperative protocol, so only the partitions that move are revoked) and standby
 * copies of table partitions on other workers. Partition
 * {@code p} of every consumed topic with the same partition count is one task, so a source, its
 * repartition topics and the table shards of {@code p} move together. The worker tells the assignor which
 * tasks it runs and how far its local copies of their tables reach; the leader asks for the changelogs'
 * ends, so a task goes to a worker whose copy is within {@code table_acceptable_recovery_lag} (others first
 * warm one up as a standby, and the leader rebalances every {@code table_probing_rebalance_interval} until
 * they have caught up).
 */
final class WorkerAssignment {
    private final WorkerImpl worker;
    private final Transport transport;
    private final List<TableRuntime<?, ?>> tables;
    private final StandbyReplicas standbys;
    private final Supplier<PollLoop> loop;
    private final String workerId;
    private final TaskTopology topology;
    private final Map<String, Integer> groupPartitions = new LinkedHashMap<>();
    private final String webUrl;
    private volatile AssignmentInfo latest;

    WorkerAssignment(WorkerImpl worker, Transport transport, List<TableRuntime<?, ?>> tables,
                          StandbyReplicas standbys, Supplier<PollLoop> loop, String workerId, String webUrl,
                          Map<String, Integer> topicPartitionCounts) {
        this.worker = worker;
        this.transport = transport;
        this.tables = List.copyOf(tables);
        this.standbys = standbys;
        this.loop = loop;
        this.workerId = workerId;
        this.webUrl = webUrl;
        Map<String, String> groups = new LinkedHashMap<>();
        topicPartitionCounts.forEach((topic, count) -> {
            groups.put(topic, groupName(count));
            groupPartitions.put(groupName(count), count);
        });
        this.topology = new TaskTopology(groups);
    }

    /** The context for the consumer's properties. */
    AssignorContext context(int standbyReplicas, long acceptableRecoveryLag) {
        return new AssignorContext(workerId, webUrl, topology,
                new AssignorConfig(tables.isEmpty() ? 0 : standbyReplicas, acceptableRecoveryLag, 2),
                this::localTasks, this::endOffsets, this::assigned);
    }

    /** The group of all topics with {@code partitions} partitions: they are co-partitioned. */
    static String groupName(int partitions) {
        return "partitions-" + partitions;
    }

    private LocalTasks localTasks() {
        PollLoop current = loop.get();
        Collection<TopicPartition> owned = current == null ? Set.of() : current.owned();
        Set<TaskId> active = new HashSet<>();
        for (TopicPartition tp : owned) {
            active.add(new TaskId(topology.groupOf(tp.topic()), tp.partition()));
        }
        Set<TaskId> standby = new HashSet<>();
        Map<TaskId, Long> positions = new HashMap<>();
        for (Map.Entry<String, Integer> group : groupPartitions.entrySet()) {
            for (int p = 0; p < group.getValue(); p++) {
                TaskId task = new TaskId(group.getKey(), p);
                if (standbys.partitions().contains(p)) {
                    standby.add(task);
                }
                long position = position(p);
                if (position >= 0) {
                    positions.put(task, position);
                }
            }
        }
        return new LocalTasks(active, standby, positions);
    }

    /** The sum over the tables of how far this worker's copy of partition {@code p} reaches; -1 for none. */
    private long position(int p) {
        long sum = 0;
        boolean any = false;
        for (TableRuntime<?, ?> table : tables) {
            long position = p < table.partitions() ? table.localPosition(p) : -1;
            if (position >= 0) {
                sum += position;
                any = true;
            }
        }
        return any ? sum : -1;
    }

    private Map<TaskId, Long> endOffsets(Set<TaskId> tasks) {
        if (tables.isEmpty()) {
            return Map.of();
        }
        List<TopicPartition> changelogs = new ArrayList<>();
        for (TaskId task : tasks) {
            for (TableRuntime<?, ?> table : tables) {
                if (task.partition() < table.partitions()) {
                    changelogs.add(new TopicPartition(table.changelogTopic(), task.partition()));
                }
            }
        }
        Map<TopicPartition, Long> ends = transport.endOffsets(changelogs);
        Map<TaskId, Long> sums = new HashMap<>();
        for (TaskId task : tasks) {
            long sum = 0;
            for (TableRuntime<?, ?> table : tables) {
                sum += ends.getOrDefault(new TopicPartition(table.changelogTopic(), task.partition()), 0L);
            }
            sums.put(task, sum);
        }
        return sums;
    }

    /** Whether this worker leads its group (runs the on-leader timers): as of the last round; false before one. */
    boolean isLeader() {
        AssignmentInfo info = latest;
        return info != null && info.leads(workerId);
    }

    /**
     * For each partition of {@code topic} (a consumed topic or a table's changelog), the advertised URL of the
     * worker with its active copy after the last round; partitions without an owner advertising a URL are absent.
     */
    Map<Integer, URI> owners(String topic) {
        AssignmentInfo info = latest;
        String group = groupOf(topic);
        if (info == null || group == null) {
            return Map.of();
        }
        Map<Integer, URI> owners = new TreeMap<>();
        for (Route route : info.routes()) {
            if (route.webUrl().isEmpty()) {
                continue;
            }
            URI url = URI.create(route.webUrl());
            route.activeTasks().stream().filter(task -> task.group().equals(group))
                    .forEach(task -> owners.put(task.partition(), url));
        }
        return Collections.unmodifiableMap(owners);
    }

    /** The task group of a consumed topic or of a table's changelog; null for a topic of neither kind. */
    private String groupOf(String topic) {
        String group = topology.groupOfTopic().get(topic);
        if (group != null) {
            return group;
        }
        return tables.stream().filter(t -> t.changelogTopic().equals(topic)).findFirst()
                .map(t -> groupName(t.partitions())).orElse(null);
    }

    /** Each round's outcome: keep copies of this worker's standbys and warm-ups; the leader probes. */
    private void assigned(Set<TaskId> active, AssignmentInfo info) {
        latest = info;
        PollLoop current = loop.get();
        Set<Integer> owned = new HashSet<>();
        if (current != null) {
            current.owned().forEach(tp -> owned.add(tp.partition())); // still running until revoked: not yet
        }
        Set<Integer> activeNumbers = new HashSet<>();
        active.forEach(task -> activeNumbers.add(task.partition()));
        Set<Integer> copies = new HashSet<>();
        info.standbyTasks().forEach(task -> copies.add(task.partition()));
        info.warmupTasks().forEach(task -> copies.add(task.partition()));
        copies.removeAll(owned);
        copies.removeAll(activeNumbers);
        standbys.follow(copies, activeNumbers);
        if (info.probingRebalance() && info.leads(workerId) && current != null) {
            current.requestProbe(worker.probingIntervalNanos());
        }
    }
}
