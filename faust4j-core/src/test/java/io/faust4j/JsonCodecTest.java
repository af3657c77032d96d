package io.faust4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON codec never decodes a model into silent nulls and zeros: which fields must be present. */
class JsonCodecTest {
    record Order(String orderId, String accountId, int amount, double price) {
    }

    record Account(String accountId, String name) {
    }

    record Basket(String id, List<Order> orders) {
    }

    record Payment(@JsonProperty(required = true) String paymentId, String note) {
    }

    record Stock(String productId, Integer onHand) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SnakeOrder(String orderId, String accountId, int amountCents) {
    }

    private static <T> T decode(Class<T> type, String json) {
        return Codecs.json(type).decode(json.getBytes(UTF_8));
    }

    @Test
    void modelWhoseFieldNamesMatchNoneOfTheDataFailsNamingBothAndSuggestingTheFix() {
        assertThatThrownBy(() -> decode(Order.class, "{\"order_id\":\"o-1\",\"account_id\":\"acc-7\",\"amount_cents\":250}"))
                .isInstanceOf(CodecException.class)
                .hasMessage("cannot decode JSON as Order: none of its fields are present (expected orderId, accountId,"
                        + " amount, price; found order_id, account_id, amount_cents); snake_case data needs"
                        + " @JsonProperty names (such as @JsonProperty(\"order_id\")) or"
                        + " @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class) on Order");
    }

    @Test
    void modelWithOnlyOptionalFieldsStillNeedsOneOfThemPresent() {
        assertThatThrownBy(() -> decode(Account.class, "{\"id\":\"acc-7\",\"title\":\"Ann\"}"))
                .isInstanceOf(CodecException.class)
                .hasMessage("cannot decode JSON as Account: none of its fields are present (expected accountId, name;"
                        + " found id, title); if the data names the fields differently, map them with @JsonProperty"
                        + " (such as @JsonProperty(\"id\")) or a @JsonNaming strategy on Account");
        assertThatThrownBy(() -> decode(Account.class, "{}"))
                .hasMessage("cannot decode JSON as Account: none of its fields are present (expected accountId, name;"
                        + " found none)");
    }

    @Test
    void referenceFieldsMayBeAbsentAndDecodeAsNull() {
        assertThat(decode(Account.class, "{\"name\":\"Ann\"}")).isEqualTo(new Account(null, "Ann"));
        assertThat(decode(Order.class, "{\"amount\":2,\"price\":9.5}")).isEqualTo(new Order(null, null, 2, 9.5));
        assertThat(decode(Stock.class, "{\"productId\":\"p-3\"}")).isEqualTo(new Stock("p-3", null));
        assertThat(decode(Stock.class, "{\"productId\":\"p-3\",\"onHand\":null}")).isEqualTo(new Stock("p-3", null));
    }

    @Test
    void absentPrimitiveFieldFailsNamingItAndTheFieldsPresent() {
        assertThatThrownBy(() -> decode(Order.class, "{\"orderId\":\"o-1\",\"accountId\":\"acc-7\",\"price\":9.5}"))
                .isInstanceOf(CodecException.class)
                .hasMessage("cannot decode JSON as Order: missing required field amount (found orderId, accountId,"
                        + " price); fields of a primitive type and fields marked @JsonProperty(required = true) must"
                        + " be present");
        assertThatThrownBy(() -> decode(Order.class, "{\"orderId\":\"o-1\",\"amountCents\":250}"))
                .hasMessageStartingWith("cannot decode JSON as Order: missing required fields amount, price"
                        + " (found orderId, amountCents); ");
    }

    @Test
    void fieldMarkedRequiredMustBePresentButMayBeNull() {
        assertThatThrownBy(() -> decode(Payment.class, "{\"note\":\"late\"}"))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith("cannot decode JSON as Payment: missing required field paymentId (found note); ");
        assertThat(decode(Payment.class, "{\"paymentId\":null,\"note\":\"late\"}")).isEqualTo(new Payment(null, "late"));
    }

    @Test
    void jsonNullForAPrimitiveFailsSuggestingTheBoxedType() {
        assertThatThrownBy(() -> decode(Order.class, "{\"orderId\":\"o-1\",\"amount\":null,\"price\":9.5}"))
                .isInstanceOf(CodecException.class)
                .hasMessage("cannot decode JSON as Order: JSON null for a primitive int (at field amount) at line 1"
                        + " column 27; declare it Integer if it may be null");
        assertThatThrownBy(() -> decode(Order.class, "{\"amount\":1,\"price\":null}"))
                .hasMessageStartingWith("cannot decode JSON as Order: JSON null for a primitive double (at field price)")
                .hasMessageEndingWith("; declare it Double if it may be null");
    }

    @Test
    void nestedModelErrorsNameWhereTheObjectIs() {
        String json = "{\"id\":\"b-1\",\"orders\":[{\"orderId\":\"o-1\",\"amount\":1,\"price\":2.0},"
                + "{\"order_id\":\"o-2\",\"amount_cents\":250}]}";

        assertThatThrownBy(() -> decode(Basket.class, json))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith("cannot decode JSON as Basket: none of Order's fields are present in orders[1]"
                        + " (expected orderId, accountId, amount, price; found order_id, amount_cents); snake_case");
        assertThatThrownBy(() -> decode(Basket.class, "{\"id\":\"b-1\",\"orders\":[{\"orderId\":\"o-1\",\"price\":2.0}]}"))
                .hasMessageStartingWith("cannot decode JSON as Basket: missing required field amount in orders[0]"
                        + " (found orderId, price); ");
    }

    @Test
    void snakeCaseDataDecodesWithTheSuggestedNamingStrategy() {
        assertThat(decode(SnakeOrder.class, "{\"order_id\":\"o-1\",\"account_id\":\"acc-7\",\"amount_cents\":250}"))
                .isEqualTo(new SnakeOrder("o-1", "acc-7", 250));
        assertThatThrownBy(() -> decode(SnakeOrder.class, "{\"order_id\":\"o-1\"}"))
                .hasMessageStartingWith("cannot decode JSON as SnakeOrder: missing required field amount_cents"
                        + " (found order_id); ");
    }
}
