package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.Agent;
import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.AskTimeoutException;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Agent RPC on a real (embedded) Kafka broker, with a key-ordered agent answering. */
class KafkaAgentRpcTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void askAndJoinGetTheRepliesOfAKeyOrderedAgentThroughTheReplyTopic() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String id = "rpc-" + UUID.randomUUID().toString().substring(0, 8);
            App app = App.create(id, s -> s.broker(kafka.brokerUrl()).topicPartitions(3));
            Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
            Agent<String, Integer> square = app.agent("square", numbers, AgentOptions.defaults().keyOrdered(8),
                    stream -> {
                        for (int n : stream) {
                            if (n >= 0) {
                                stream.emit(n * n);
                            }
                        }
                    });
            try (Worker worker = app.start()) {
                assertThat(square.ask("k", 12, Integer.class, Duration.ofSeconds(30))).isEqualTo(144);
                List<Integer> values = new ArrayList<>();
                List<Integer> squares = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    values.add(i);
                    squares.add(i * i);
                }
                assertThat(square.join(values, Integer.class, Duration.ofSeconds(30))).isEqualTo(squares);
                assertThatThrownBy(() -> square.ask("k", -1, Integer.class, Duration.ofSeconds(1)))
                        .isInstanceOf(AskTimeoutException.class).hasMessageContaining("No reply from agent 'square'");
            }
        }
    }
}
