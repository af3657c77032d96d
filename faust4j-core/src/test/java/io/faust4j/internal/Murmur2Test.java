package io.faust4j.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class Murmur2Test {
    private static final long SEED = 20240611L;

    @Test
    void hashEqualsKafkasMurmur2ForRandomBytesOfEveryLengthUpTo64() {
        Random random = new Random(SEED);
        for (int i = 0; i < 10_000; i++) {
            byte[] data = new byte[random.nextInt(65)];
            random.nextBytes(data);
            assertThat(Murmur2.hash(data)).as("seed %d, case %d, length %d", SEED, i, data.length)
                    .isEqualTo(Utils.murmur2(data));
        }
    }

    @Test
    void hashEqualsKafkasMurmur2ForTypicalKeys() {
        for (String key : List.of("", "a", "ab", "abc", "abcd", "acc-7", "order-42", "grüß dich", "21")) {
            byte[] data = key.getBytes(UTF_8);
            assertThat(Murmur2.hash(data)).as(key).isEqualTo(Utils.murmur2(data));
        }
    }

    @Test
    void partitionEqualsKafkasDefaultPartitioner() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 10_000; i++) {
            byte[] key = new byte[random.nextInt(65)];
            random.nextBytes(key);
            int partitions = 1 + random.nextInt(200);
            int expected = BuiltInPartitioner.partitionForKey(key, partitions);
            assertThat(Murmur2.partition(key, partitions)).as("case %d", i).isEqualTo(expected)
                    .isEqualTo(Utils.toPositive(Utils.murmur2(key)) % partitions);
        }
    }

    @Test
    void partitionRejectsFewerThanOnePartition() {
        assertThatThrownBy(() -> Murmur2.partition(new byte[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("numPartitions is 0; expected at least 1");
    }
}
