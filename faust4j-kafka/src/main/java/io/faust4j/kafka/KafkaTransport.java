package io.faust4j.kafka;

import io.faust4j.TransportException;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TopicSpec;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportConsumer;
import io.faust4j.spi.TransportProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kafka://} transport: one thread-safe admin client for topics and end offsets, and
 * factories for the worker's producer, group consumer and changelog readers. It checks that the broker
 * answers when it opens, so a wrong address fails the start within {@code broker_connect_timeout}.
 *
 * <p>No kafka-clients code runs on a virtual thread: every method called on one moves its work to a
 * platform thread ({@link PlatformCalls}), the producer has a sender thread of its own, and consumers
 * are owned by the engine's poll loops (platform threads) and hop off virtual threads to wake up.
 */
final class KafkaTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTransport.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final long SLACK_MILLIS = 2_000;

    private final KafkaClientConfig config;
    private final Admin admin;
    private final PlatformCalls calls;
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
    private final Set<KafkaTransportProducer> producers = ConcurrentHashMap.newKeySet();

    private KafkaTransport(KafkaClientConfig config, Admin admin, String clientId) {
        this.config = config;
        this.admin = admin;
        this.calls = new PlatformCalls("faust4j-kafka-calls-" + clientId);
    }

    /**
     * Opens the admin client and waits until the cluster answers; on a platform thread (call it through
     * {@link PlatformCalls#callOnce} from a virtual one).
     *
     * @throws TransportException when it does not answer within {@code broker_connect_timeout}, refuses the
     *     login, or fails the TLS handshake; the message names the address and the settings to check
     */
    static KafkaTransport open(KafkaClientConfig config, String clientId) {
        Admin admin;
        try {
            admin = Admin.create(config.admin(clientId + "-admin"));
        } catch (KafkaException e) {
            throw clientFailure(config, e);
        }
        KafkaTransport transport = new KafkaTransport(config, admin, clientId);
        try {
            transport.checkReachable();
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            transport.calls.close();
            throw e;
        }
        return transport;
    }

    /** A client that could not be created: a trust or key store that does not load, or a bad address. */
    private static RuntimeException clientFailure(KafkaClientConfig config, KafkaException e) {
        var store = config.securityErrors().storeFailure(e);
        if (store.isPresent()) {
            return store.get();
        }
        return new TransportException(config.securityErrors().mask("Cannot open a Kafka client for "
                + config.brokerText() + ": " + rootMessage(e) + " (check the broker setting: are the host names right?)"), e);
    }

    private void checkReachable() {
        Duration timeout = config.connectTimeout();
        long started = System.nanoTime();
        try {
            String clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis(timeout)))
                    .clusterId().get(timeout.toMillis() + SLACK_MILLIS, TimeUnit.MILLISECONDS);
            LOG.info("Connected to Kafka cluster {} at {} in {} ms", clusterId, config.brokerText(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (ExecutionException e) {
            throw connectFailure(e.getCause());
        } catch (TimeoutException e) {
            throw connectFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("Interrupted while connecting to Kafka at " + config.brokerText(), e);
        }
    }

    private TransportException connectFailure(Throwable cause) {
        String where = "Kafka at " + config.brokerText();
        var explained = config.securityErrors().explain(cause, "connect");
        if (explained.isPresent()) {
            return explained.get();
        }
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new TransportException("Cannot reach " + where + " within " + seconds(config.connectTimeout())
                    + ": is the broker running, the address right, and security_protocol (now " + config.securityProtocol()
                    + ") the protocol of its listener? (settings broker and security_protocol;"
                    + " wait longer with broker_connect_timeout)", cause);
        }
        return config.securityErrors().explainOr(cause, "connect", "Cannot talk to " + where + ": " + rootMessage(cause));
    }

    @Override
    public Map<String, Integer> describeTopics(Collection<String> topics) {
        return calls.call(() -> describe(topics));
    }

    private Map<String, Integer> describe(Collection<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(new LinkedHashSet<>(topics),
                new DescribeTopicsOptions().timeoutMs(millis(config.requestTimeout()))).topicNameValues();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Set<String> unauthorized = new TreeSet<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : futures.entrySet()) {
            try {
                counts.put(entry.getKey(), await(entry.getValue(), "describe topic '" + entry.getKey() + "'")
                        .partitions().size());
            } catch (TransportException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    unauthorized.add(entry.getKey());  // reported below, all of them in one message
                } else if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        if (!unauthorized.isEmpty()) {
            throw config.securityErrors().explainOr(new TopicAuthorizationException(unauthorized),
                    "describe topics " + unauthorized, "Not authorized to describe topics " + unauthorized);
        }
        knownTopics.addAll(counts.keySet());
        return counts;
    }

    @Override
    public void createTopics(List<TopicSpec> topics) {
        if (!topics.isEmpty()) {
            calls.call(() -> {
                create(topics);
                return null;
            });
        }
    }

    private void create(List<TopicSpec> topics) {
        List<NewTopic> create = new ArrayList<>();
        for (TopicSpec spec : topics) {
            Map<String, String> configs = new HashMap<>(spec.config());
            if (spec.compacted()) {
                configs.putIfAbsent(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            }
            create.add(new NewTopic(spec.name(), spec.partitions(), (short) spec.replicationFactor()).configs(configs));
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(create,
                new CreateTopicsOptions().timeoutMs(millis(config.requestTimeout()))).values();
        for (TopicSpec spec : topics) {
            try {
                await(results.get(spec.name()), "create topic '" + spec.name() + "' with " + spec.partitions()
                        + " partitions and replication factor " + spec.replicationFactor());
                LOG.info("Created topic {}: {} partitions, replication factor {}{}", spec.name(), spec.partitions(),
                        spec.replicationFactor(), spec.compacted() ? ", compacted" : "");
            } catch (TransportException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                LOG.info("Topic {} was created by another worker meanwhile", spec.name());
            }
        }
        awaitVisible(topics);
    }

    /** Waits until the new topics are described with all their partitions, so clients find them at once. */
    private void awaitVisible(List<TopicSpec> topics) {
        Map<String, Integer> wanted = new HashMap<>();
        topics.forEach(t -> wanted.put(t.name(), t.partitions()));
        long deadline = System.nanoTime() + config.requestTimeout().toNanos();
        Map<String, Integer> described;
        while (!(described = describe(wanted.keySet())).keySet().containsAll(wanted.keySet())) {
            if (System.nanoTime() > deadline) {
                throw new TransportException("Created topics " + wanted.keySet() + " on Kafka at " + config.brokerText()
                        + " but they did not appear within " + seconds(config.requestTimeout()));
            }
            sleep(20);
        }
        Map<String, Integer> counts = described; // a topic another worker created may have another count
        // described is not yet led: wait until every new partition answers an offset request, or a producer
        // sending right away can hit NOT_LEADER_OR_FOLLOWER and, when idempotent, stall until its batches expire
        List<TopicPartition> partitions = new ArrayList<>();
        topics.forEach(t -> {
            for (int p = 0; p < Math.min(t.partitions(), counts.get(t.name())); p++) {
                partitions.add(new TopicPartition(t.name(), p));
            }
        });
        while (true) {
            try {
                ends(partitions);
                return;
            } catch (TransportException notLedYet) {
                if (System.nanoTime() > deadline) {
                    throw notLedYet;
                }
                sleep(20);
            }
        }
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return calls.call(() -> ends(partitions));
    }

    private Map<TopicPartition, Long> ends(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<org.apache.kafka.common.TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition tp : partitions) {
            request.put(new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition()), OffsetSpec.latest());
        }
        Map<org.apache.kafka.common.TopicPartition, ListOffsetsResultInfo> infos = await(admin.listOffsets(request,
                new ListOffsetsOptions(config.readCommitted() ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED)
                        .timeoutMs(millis(config.requestTimeout()))).all(), "read end offsets");
        Map<TopicPartition, Long> ends = new HashMap<>();
        infos.forEach((tp, info) -> ends.put(new TopicPartition(tp.topic(), tp.partition()), info.offset()));
        return ends;
    }

    @Override
    public boolean deleteGroup(String groupId) {
        return calls.call(() -> {
            try {
                admin.deleteConsumerGroups(List.of(groupId)).all().get(config.requestTimeout().toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                    return false;
                }
                if (e.getCause() instanceof org.apache.kafka.common.errors.GroupNotEmptyException) {
                    throw new TransportException("Consumer group '" + groupId + "' still has members: stop every"
                            + " worker of the app first, then reset its offsets", e.getCause());
                }
                throw new TransportException("Cannot delete consumer group '" + groupId + "' on "
                        + config.brokerText() + ": " + rootMessage(e.getCause()), e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new TransportException("Deleting consumer group '" + groupId + "' on " + config.brokerText()
                        + " got no answer within " + config.requestTimeout(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException("Interrupted while deleting consumer group '" + groupId + "'", e);
            }
        });
    }

    /** Asks the brokers to delete records below the offsets, without waiting; failures are only logged. */
    @Override
    public void deleteRecordsBefore(Map<TopicPartition, Long> offsets) {
        Map<org.apache.kafka.common.TopicPartition, RecordsToDelete> request = new HashMap<>();
        offsets.forEach((tp, offset) -> request.put(new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition()),
                RecordsToDelete.beforeOffset(offset)));
        calls.execute(() -> admin.deleteRecords(request).all().whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.debug("Could not purge records below {}: {}", offsets, error.toString());
            }
        }));
    }

    /**
     * Opens the producer and fetches the metadata of every topic seen so far, so the first sends do not
     * wait for it. Actors never call kafka-clients: {@link KafkaTransportProducer} hands their records to
     * a platform thread of its own.
     */
    @Override
    public TransportProducer createProducer(String producerClientId) {
        return calls.call(() -> {
            KafkaProducer<byte[], byte[]> producer = newProducer(config.producer(producerClientId));
            for (String topic : knownTopics) {
                try {
                    producer.partitionsFor(topic);
                } catch (KafkaException e) {
                    LOG.debug("No metadata for topic {} yet: {}", topic, e.getMessage());
                }
            }
            KafkaTransportProducer transportProducer = new KafkaTransportProducer(producer, config.brokerText(),
                    producerClientId, KafkaTransportProducer.DEFAULT_CAPACITY_BYTES, false, config.securityErrors());
            producers.add(transportProducer);
            return transportProducer;
        });
    }

    /**
     * Opens the worker's transactional producer (exactly-once) and registers its transactional id with the
     * broker ({@code initTransactions}, which also aborts what an earlier producer with the same id left open).
     */
    @Override
    public TransportProducer createTransactionalProducer(String producerClientId, String transactionalId) {
        return calls.call(() -> {
            KafkaProducer<byte[], byte[]> producer = newProducer(
                    config.transactionalProducer(producerClientId, transactionalId));
            KafkaTransportProducer transportProducer = new KafkaTransportProducer(producer, config.brokerText(),
                    producerClientId, KafkaTransportProducer.DEFAULT_CAPACITY_BYTES, true, config.securityErrors());
            producers.add(transportProducer);
            transportProducer.initTransactions();
            return transportProducer;
        });
    }

    @Override
    public TransportConsumer createConsumer(String groupId, String consumerClientId) {
        return groupConsumer(config.consumer(groupId, consumerClientId));
    }

    /**
     * With an assignment context, the consumer runs faust4j's assignor ({@code KafkaAssignor}) under Kafka's
     * cooperative protocol (a rebalance revokes only the partitions that move), at-least-once and exactly-once
     * alike (under exactly-once a revocation commits every actor's transaction, see the engine's PollLoop).
     */
    @Override
    public TransportConsumer createConsumer(io.faust4j.spi.GroupMembership membership) {
        Map<String, Object> props = config.consumer(membership.groupId(), membership.clientId());
        if (!membership.instanceId().isEmpty()) {
            props.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, membership.instanceId());
        }
        membership.assignor().ifPresent(context -> {
            props.put(org.apache.kafka.clients.consumer.ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    io.faust4j.internal.kafka.KafkaAssignor.class.getName());
            props.put(io.faust4j.internal.assign.AssignorContext.CONFIG_KEY, context);
        });
        return groupConsumer(props);
    }

    private TransportConsumer groupConsumer(Map<String, Object> props) {
        return calls.call(() -> new KafkaTransportConsumer(newConsumer(props), true, calls, config.securityErrors()));
    }

    @Override
    public TransportConsumer createReader(String readerClientId) {
        return calls.call(() -> new KafkaTransportConsumer(newConsumer(config.reader(readerClientId)), false,
                calls, config.securityErrors()));
    }

    private KafkaProducer<byte[], byte[]> newProducer(Map<String, Object> props) {
        try {
            return new KafkaProducer<>(props);
        } catch (KafkaException e) {
            throw clientFailure(config, e);
        }
    }

    private KafkaConsumer<byte[], byte[]> newConsumer(Map<String, Object> props) {
        try {
            return new KafkaConsumer<>(props);
        } catch (KafkaException e) {
            throw clientFailure(config, e);
        }
    }

    /** Closes the admin client, and any producer of this transport still open (closing one twice is harmless). */
    @Override
    public void close() {
        producers.forEach(KafkaTransportProducer::close);
        try {
            calls.call(() -> {
                admin.close(CLOSE_TIMEOUT);
                return null;
            });
        } finally {
            calls.close();
        }
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        long limit = config.requestTimeout().toMillis() + SLACK_MILLIS;
        try {
            return future.get(limit, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw config.securityErrors().explainOr(cause, what, "Kafka at " + config.brokerText() + " could not "
                    + what + ": " + rootMessage(cause));
        } catch (TimeoutException e) {
            throw new TransportException("Kafka at " + config.brokerText() + " did not " + what + " within "
                    + limit / 1000 + " s: is the broker still running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("Interrupted while waiting for Kafka to " + what, e);
        }
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        Set<Throwable> seen = new HashSet<>();
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == error ? message : error.getMessage() + " (" + message + ")";
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("Interrupted while waiting for new topics to appear", e);
        }
    }
}
