package io.faust4j.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.Codec;
import io.faust4j.Codecs;
import io.faust4j.bench.Order;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dead-letter check must catch a lost, doubled, misplaced or mangled dead letter. */
class DeadLetterCheckTest {
    private static final String REPARTITION = ChaosKafka.repartitionTopic();
    private static final Codec<Order> CODEC = Codecs.json(Order.class);

    private final SourceIndex good = new SourceIndex(10);
    private final DeadLetterCheck check = new DeadLetterCheck(REPARTITION);
    private final Map<String, Long> seen = new HashMap<>();
    private final byte[] refusedValue = CODEC.encode(new Order("o-2", "acc-1", ChaosApp.REFUSED_PRODUCT, 1, 1.0));

    DeadLetterCheckTest() {
        good.add("o-0", "acc-0", 0, 0);
        good.add("o-1", "acc-1", 1, 0);
        check.poison("p-5", OrderProducer.poisonValue(5), 3, 17);
        check.refused("o-2", refusedValue, 2, 4);
    }

    private void pill() {
        check.letter(bytes("p-5"), OrderProducer.poisonValue(5), ChaosApp.ORDERS, "3", "17", good);
    }

    private void refusal() {
        check.letter(bytes("acc-1"), refusedValue, REPARTITION, "1", "8", good);
    }

    @Test
    void everyExpectedDeadLetterOncePassesBothGuarantees() {
        pill();
        refusal();
        DeadLetterVerdict v = check.verdict(seen);
        assertThat(v.problems(true)).isEmpty();
        assertThat(v.deadLetters()).isEqualTo(2);
        assertThat(v.expected()).isEqualTo(2);
        assertThat(v.poisonPills()).isEqualTo(1);
        assertThat(v.refused()).isEqualTo(1);
    }

    @Test
    void aMissingDeadLetterIsLostUnderBothGuarantees() {
        pill();
        DeadLetterVerdict v = check.verdict(seen);
        assertThat(v.missing()).isEqualTo(1);
        assertThat(v.missingSample()).singleElement().asString().startsWith("o-2 (refused order; orders partition 2");
        assertThat(v.problems(false)).singleElement().asString().contains("1 dead letter(s) lost");
    }

    @Test
    void aDeadLetterTwiceIsCountedAtLeastOnceAndFailsExactlyOnce() {
        pill();
        refusal();
        refusal();
        DeadLetterVerdict v = check.verdict(seen);
        assertThat(v.duplicates()).isEqualTo(1);
        assertThat(v.problems(false)).isEmpty();
        assertThat(v.problems(true)).singleElement().asString().contains("1 duplicate dead letter(s)");
    }

    @Test
    void aGoodOrderOrAnUnknownRecordInTheDeadLetterTopicFails() {
        pill();
        refusal();
        check.letter(bytes("acc-0"), CODEC.encode(new Order("o-0", "acc-0", "p-1", 1, 1.0)), REPARTITION, "0", "0", good);
        check.letter(bytes("x"), bytes("junk"), ChaosApp.ORDERS, "0", "1", good);
        DeadLetterVerdict v = check.verdict(seen);
        assertThat(v.goodDeadLettered()).isEqualTo(1);
        assertThat(v.unknown()).isEqualTo(1);
        assertThat(v.problems(false)).hasSize(2);
    }

    @Test
    void aWrongValueOriginOrPositionFails() {
        check.letter(bytes("p-5"), bytes("other"), ChaosApp.ORDERS, "3", "17", good);
        check.letter(bytes("acc-1"), refusedValue, ChaosApp.ORDERS, "1", "8", good);
        check.letter(bytes("p-5"), OrderProducer.poisonValue(5), ChaosApp.ORDERS, "3", "18", good);
        DeadLetterVerdict v = check.verdict(seen);
        assertThat(v.wrong()).isEqualTo(3);
        assertThat(v.wrongSample()).hasSize(3);
        assertThat(v.wrongSample().get(1)).contains("faust4j.dlq.topic orders, expected " + REPARTITION);
        assertThat(v.problems(false)).singleElement().asString().contains("3 dead letter(s) with a wrong");
    }

    @Test
    void aRefusedOrderCountedInTheTablesFailsAndIsNoPhantom() {
        pill();
        refusal();
        seen.put("o-0", 1L);
        seen.put("o-1", 1L);
        seen.put("o-2", 1L);
        DeadLetterVerdict d = check.verdict(seen);
        assertThat(d.refusedCounted()).isEqualTo(1);
        Verdict v = Verdict.compute(good, seen, Map.of("acc-0", 1L, "acc-1", 1L), 4, false, 0, d);
        assertThat(v.phantomSeen()).isZero();
        assertThat(v.problems()).singleElement().asString().contains("1 refused order(s) counted in seen");
    }

    @Test
    void poisonPillsDoNotDecodeAsOrders() {
        assertThatThrownBy(() -> CODEC.decode(OrderProducer.poisonValue(12))).isInstanceOf(RuntimeException.class);
        assertThat(OrderProducer.poisonKey(12)).startsWith(OrderProducer.POISON_PREFIX);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
