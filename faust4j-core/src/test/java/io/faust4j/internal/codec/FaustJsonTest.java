package io.faust4j.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.Codec;
import io.faust4j.FaustRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The json codec against bytes Faust writes (faust-streaming's {@code faust.utils.json.dumps}: compact
 * separators, fields in declaration order, {@code __faust} last, date-times by {@code isoformat()} with
 * {@code Z} for UTC, {@code Decimal} as a string).
 */
class FaustJsonTest {
    @FaustRecord("proj.models.Order")
    record Order(String orderId, String accountId, int amount, double price) {
    }

    @FaustRecord("proj.models.Line")
    record Line(String productId, int quantity) {
    }

    @FaustRecord("proj.models.Basket")
    record Basket(String basketId, List<Line> lines) {
    }

    @FaustRecord("proj.models.Payment")
    record Payment(String paymentId, BigDecimal amount, Instant paidAt, OffsetDateTime localTime,
                   LocalDateTime naive, LocalDate day) {
    }

    record Plain(String orderId, int amount) {
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }

    @Test
    void writesARecordAsFaustDoesWithItsNamespaceLast() {
        Codec<Order> codec = BuiltinCodecs.faustJson(Order.class);
        assertThat(text(codec.encode(new Order("o-1", "acc-1", 3, 9.5))))
                .isEqualTo("{\"order_id\":\"o-1\",\"account_id\":\"acc-1\",\"amount\":3,\"price\":9.5,"
                        + "\"__faust\":{\"ns\":\"proj.models.Order\"}}");
    }

    @Test
    void readsARecordFaustWroteAndIgnoresItsMetadata() {
        byte[] faust = "{\"order_id\":\"o-1\",\"account_id\":\"acc-1\",\"amount\":3,\"price\":9.5,\"__faust\":{\"ns\":\"proj.models.Order\"}}"
                .getBytes(UTF_8);
        assertThat(BuiltinCodecs.faustJson(Order.class).decode(faust)).isEqualTo(new Order("o-1", "acc-1", 3, 9.5));
    }

    @Test
    void theDefaultDialectKeepsDeclaredNamesAndStillWritesTheNamespace() {
        assertThat(text(BuiltinCodecs.json(Order.class).encode(new Order("o-1", "acc-1", 3, 9.5))))
                .isEqualTo("{\"orderId\":\"o-1\",\"accountId\":\"acc-1\",\"amount\":3,\"price\":9.5,"
                        + "\"__faust\":{\"ns\":\"proj.models.Order\"}}");
    }

    @Test
    void aModelWithoutANamespaceHasNoMetadata() {
        assertThat(text(BuiltinCodecs.faustJson(Plain.class).encode(new Plain("o-1", 2))))
                .isEqualTo("{\"order_id\":\"o-1\",\"amount\":2}");
    }

    @Test
    void nestedRecordsCarryTheirOwnNamespace() {
        Codec<Basket> codec = BuiltinCodecs.faustJson(Basket.class);
        Basket basket = new Basket("b-1", List.of(new Line("p-1", 2), new Line("p-2", 1)));
        String faust = "{\"basket_id\":\"b-1\",\"lines\":[{\"product_id\":\"p-1\",\"quantity\":2,\"__faust\":{\"ns\":\"proj.models.Line\"}},"
                + "{\"product_id\":\"p-2\",\"quantity\":1,\"__faust\":{\"ns\":\"proj.models.Line\"}}],"
                + "\"__faust\":{\"ns\":\"proj.models.Basket\"}}";
        assertThat(text(codec.encode(basket))).isEqualTo(faust);
        assertThat(codec.decode(faust.getBytes(UTF_8))).isEqualTo(basket);
    }

    @Test
    void writesDecimalsAndDateTimesAsFaustDoes() {
        Payment payment = new Payment("p-1", new BigDecimal("12.50"),
                Instant.parse("2026-03-01T10:15:30.250Z"),
                OffsetDateTime.of(2026, 3, 1, 12, 15, 30, 0, ZoneOffset.ofHours(2)),
                LocalDateTime.of(2026, 3, 1, 10, 15, 30, 123_456_789),
                LocalDate.of(2026, 3, 1));
        // Python: str(Decimal("12.50")); datetime(..., 250000, utc).isoformat() with Z; naive isoformat
        String faust = "{\"payment_id\":\"p-1\",\"amount\":\"12.50\",\"paid_at\":\"2026-03-01T10:15:30.250000Z\","
                + "\"local_time\":\"2026-03-01T12:15:30+02:00\",\"naive\":\"2026-03-01T10:15:30.123456\","
                + "\"day\":\"2026-03-01\",\"__faust\":{\"ns\":\"proj.models.Payment\"}}";
        Codec<Payment> codec = BuiltinCodecs.faustJson(Payment.class);
        assertThat(text(codec.encode(payment))).isEqualTo(faust);
        Payment back = codec.decode(faust.getBytes(UTF_8));
        assertThat(back.amount()).isEqualTo(new BigDecimal("12.50"));
        assertThat(back.paidAt()).isEqualTo(payment.paidAt());
        assertThat(back.localTime()).isEqualTo(payment.localTime());
        assertThat(back.naive()).isEqualTo(LocalDateTime.of(2026, 3, 1, 10, 15, 30, 123_456_000));
        assertThat(back.day()).isEqualTo(payment.day());
    }

    @Test
    void writesMicrosecondsInSixDigitsAndNoFractionForWholeSeconds() {
        Codec<Instant> codec = BuiltinCodecs.faustJson(Instant.class);
        // Python: datetime(2026, 3, 1, 10, 15, 30, 5, tzinfo=timezone.utc).isoformat() -> ...30.000005+00:00
        assertThat(text(codec.encode(Instant.parse("2026-03-01T10:15:30.000005999Z"))))
                .isEqualTo("\"2026-03-01T10:15:30.000005Z\"");
        assertThat(text(codec.encode(Instant.parse("2026-03-01T10:15:30.000000999Z"))))
                .isEqualTo("\"2026-03-01T10:15:30Z\"");
        assertThat(text(codec.encode(Instant.parse("0987-03-01T00:00:00Z")))).isEqualTo("\"0987-03-01T00:00:00Z\"");
    }

    @Test
    void readsTheDateTimeFormsPythonWrites() {
        Codec<Payment> codec = BuiltinCodecs.faustJson(Payment.class);
        // the stdlib encoder's +00:00 before Faust replaced it, and a whole second without a fraction
        Payment payment = codec.decode(("{\"payment_id\":\"p-2\",\"amount\":\"1E+2\",\"paid_at\":\"2026-03-01T10:15:30+00:00\","
                + "\"local_time\":\"2026-03-01T10:15:30Z\",\"naive\":\"2026-03-01T10:15:30\",\"day\":\"2026-03-01\"}")
                .getBytes(UTF_8));
        assertThat(payment.amount()).isEqualTo(new BigDecimal("1E+2"));
        assertThat(payment.paidAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
        assertThat(payment.localTime()).isEqualTo(OffsetDateTime.of(2026, 3, 1, 10, 15, 30, 0, ZoneOffset.UTC));
    }

    @Test
    void tableKeysAndCountsAreJsonAsInFaustChangelogs() {
        assertThat(text(BuiltinCodecs.faustJson(String.class).encode("acc-1"))).isEqualTo("\"acc-1\"");
        assertThat(text(BuiltinCodecs.faustJson(Long.class).encode(5L))).isEqualTo("5");
        assertThat(BuiltinCodecs.faustJson(String.class).decode("\"acc-1\"".getBytes(UTF_8))).isEqualTo("acc-1");
    }

    @Test
    void aComposedNameKeepsTheFaustDialectForItsJsonPart() {
        Codec<Plain> codec = BuiltinCodecs.forName("json|binary", Plain.class, true);
        byte[] bytes = codec.encode(new Plain("o-1", 2));
        assertThat(text(java.util.Base64.getDecoder().decode(bytes))).isEqualTo("{\"order_id\":\"o-1\",\"amount\":2}");
        assertThat(codec.decode(bytes)).isEqualTo(new Plain("o-1", 2));
        assertThat(BuiltinCodecs.forName("raw", String.class, true).encode("acc-1")).isEqualTo("acc-1".getBytes(UTF_8));
    }
}
