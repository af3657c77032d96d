package io.faust4j.cli;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Codec;
import io.faust4j.CodecException;
import io.faust4j.Settings;
import io.faust4j.Topic;
import io.faust4j.internal.Murmur2;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportProducer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code faust4j send <topic | @agent> [value]}: sends records to one of the app's topics (or to the topic an
 * agent consumes), encoded by the topic's codecs and partitioned as the app partitions them (Kafka's default
 * partitioner on the key bytes). The value and the key are written as the codec reads them: JSON for json
 * (a record model is checked field by field), the text itself for raw. Needs a broker another process can
 * reach: not {@code memory://}.
 */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sends a record to a topic of the app, or to an agent (@name), with the topic's codecs.")
final class SendCommand implements Callable<Integer> {
    @ParentCommand
    Faust4jCommand top;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC|@AGENT", description = "A topic the app declares, or @ and an agent's name.")
    String target;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE",
            description = "The value as its codec reads it (JSON for json); none sends a tombstone (no value).")
    String value;

    @Option(names = {"-k", "--key"}, paramLabel = "KEY", description = "The key, as the topic's key codec reads it.")
    String key;

    @Option(names = {"-p", "--partition"}, paramLabel = "N",
            description = "Send to this partition instead of the key's (or, without a key, a random one).")
    Integer partition;

    @Option(names = {"-r", "--repeat"}, paramLabel = "N", defaultValue = "1",
            description = "Send the record N times (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    public Integer call() {
        if (repeat < 1) {
            throw new CliException("Invalid value " + repeat + " for --repeat: expected 1 or more");
        }
        App app = top.app();
        Settings settings = top.settings();
        Topic<?, ?> topic = resolve(app);
        byte[] keyBytes = key == null ? null : reencode(topic.keyCodec(), key, "key", topic);
        byte[] valueBytes = value == null ? null : reencode(topic.valueCodec(), value, "value", topic);
        Map<Integer, Integer> sent = new TreeMap<>();
        try (Transport transport = BrokerAccess.open(settings, "send")) {
            Integer partitions = transport.describeTopics(List.of(topic.name())).get(topic.name());
            if (partitions == null) {
                throw new CliException("Topic '" + topic.name() + "' does not exist on " + String.join(";",
                        settings.broker()) + " yet: start a worker of the app first (it creates the app's topics)");
            }
            if (partition != null && (partition < 0 || partition >= partitions)) {
                throw new CliException("Invalid value " + partition + " for --partition: topic '" + topic.name()
                        + "' has partitions 0 to " + (partitions - 1));
            }
            try (TransportProducer producer = transport.createProducer(settings.effectiveId() + "-cli-send")) {
                for (int i = 0; i < repeat; i++) {
                    int p = partition != null ? partition : keyBytes != null ? Murmur2.partition(keyBytes, partitions)
                            : ThreadLocalRandom.current().nextInt(partitions);
                    producer.send(new OutgoingRecord(topic.name(), p, keyBytes, valueBytes, System.currentTimeMillis(),
                            List.of()), SendCallback.NONE);
                    sent.merge(p, 1, Integer::sum);
                }
                producer.flush();
            }
        }
        spec.commandLine().getOut().println("Sent " + repeat + (repeat == 1 ? " record" : " records") + " to topic "
                + topic.name() + " (" + String.join(", ", sent.entrySet().stream()
                        .map(e -> "partition " + e.getKey() + ": " + e.getValue()).toList()) + ")");
        return 0;
    }

    private Topic<?, ?> resolve(App app) {
        if (target.startsWith("@")) {
            String name = target.substring(1);
            return app.agents().stream().filter(a -> a.name().equals(name)).findFirst().<Topic<?, ?>>map(Agent::topic)
                    .orElseThrow(() -> new CliException("App '" + app.id() + "' has no agent '" + name + "'; its agents: "
                            + String.join(", ", app.agents().stream().map(Agent::name).toList())));
        }
        Topic<?, ?> topic = app.topics().stream().filter(t -> t.name().equals(target)).findFirst()
                .orElseThrow(() -> new CliException("App '" + app.id() + "' declares no topic '" + target
                        + "'; its topics: " + String.join(", ", app.topics().stream().map(Topic::name).toList())
                        + " (or @agent for an agent's topic)"));
        if (topic.isChannel()) {
            throw new CliException("'" + target + "' is a channel: it lives inside a worker's process, and"
                    + " nothing outside can send to it");
        }
        return topic;
    }

    /** The text decoded by {@code codec} (so a bad value fails here, with the codec's reason) and encoded again. */
    private static <T> byte[] reencode(Codec<T> codec, String text, String what, Topic<?, ?> topic) {
        try {
            return codec.encode(codec.decode(text.getBytes(StandardCharsets.UTF_8)));
        } catch (CodecException e) {
            throw new CliException("Invalid " + what + " '" + text + "' for topic '" + topic.name() + "' (a "
                    + codec.type().getName() + "): " + e.getMessage());
        }
    }
}
