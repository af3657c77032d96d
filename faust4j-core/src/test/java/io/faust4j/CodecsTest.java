package io.faust4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.spi.CodecProvider;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

public class CodecsTest {
    record Order(String orderId, String accountId, String productId, int amount, double price) {
    }

    record Basket(String id, List<Order> orders) {
    }

    private static final Order ORDER = new Order("o-1", "acc-7", "p-3", 2, 9.5);

    /** A custom codec for the test: reverses the bytes of byte[] (so it composes) or the characters of a String. */
    public static final class ReverseCodecProvider implements CodecProvider {
        @Override
        public String name() {
            return "reverse";
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Codec<T> create(Class<T> type) {
            if (type != byte[].class) {
                throw new ConfigurationException("reverse codec handles byte[] only, not " + type.getSimpleName());
            }
            return (Codec<T>) new Codec<byte[]>() {
                @Override
                public byte[] encode(byte[] value) {
                    return reversed(value);
                }

                @Override
                public byte[] decode(byte[] bytes) {
                    return reversed(bytes);
                }

                @Override
                public Class<byte[]> type() {
                    return byte[].class;
                }
            };
        }

        private static byte[] reversed(byte[] bytes) {
            byte[] result = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                result[i] = bytes[bytes.length - 1 - i];
            }
            return result;
        }
    }

    @Test
    void jsonRoundTripsARecord() {
        Codec<Order> codec = Codecs.json(Order.class);

        byte[] bytes = codec.encode(ORDER);

        assertThat(new String(bytes, UTF_8)).isEqualTo(
                "{\"orderId\":\"o-1\",\"accountId\":\"acc-7\",\"productId\":\"p-3\",\"amount\":2,\"price\":9.5}");
        assertThat(codec.decode(bytes)).isEqualTo(ORDER);
        assertThat(codec.type()).isEqualTo(Order.class);
    }

    @Test
    void jsonRoundTripsNestedRecordsAndLists() {
        Codec<Basket> codec = Codecs.json(Basket.class);
        Basket basket = new Basket("b-1", List.of(ORDER, new Order("o-2", "acc-7", "p-4", 1, 1.25)));

        assertThat(codec.decode(codec.encode(basket))).isEqualTo(basket);
    }

    @Test
    void jsonWritesLongsAsPlainNumbersAndStringsAsJsonText() {
        assertThat(Codecs.json(Long.class).encode(5L)).asString(UTF_8).isEqualTo("5");
        assertThat(Codecs.json(Long.class).decode("5".getBytes(UTF_8))).isEqualTo(5L);
        assertThat(Codecs.json(String.class).encode("hi")).asString(UTF_8).isEqualTo("\"hi\"");
        assertThat(Codecs.json(String.class).decode("\"hi\"".getBytes(UTF_8))).isEqualTo("hi");
        assertThat(Codecs.json(Integer.class).decode(" 42 ".getBytes(UTF_8))).isEqualTo(42);
    }

    @Test
    void jsonIgnoresFieldsTheModelDoesNotHave() {
        byte[] newer = "{\"orderId\":\"o-1\",\"accountId\":\"acc-7\",\"productId\":\"p-3\",\"amount\":2,\"price\":9.5,\"coupon\":\"X\"}"
                .getBytes(UTF_8);

        assertThat(Codecs.json(Order.class).decode(newer)).isEqualTo(ORDER);
    }

    @Test
    void malformedJsonMessageNamesTheTypeAndThePosition() {
        assertThatThrownBy(() -> Codecs.json(Order.class).decode("{\"orderId\": x}".getBytes(UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith("cannot decode JSON as Order: Unrecognized token 'x'")
                .hasMessageEndingWith("at line 1 column 13")
                .hasMessageNotContaining("REDACTED");
    }

    @Test
    void wrongFieldTypeMessageNamesTheField() {
        assertThatThrownBy(() -> Codecs.json(Order.class).decode("{\"amount\":\"lots\"}".getBytes(UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith("cannot decode JSON as Order: ")
                .hasMessageContaining("(at field amount)");
    }

    @Test
    void jsonRejectsEmptyNullAndTrailingInput() {
        Codec<Order> codec = Codecs.json(Order.class);

        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(CodecException.class)
                .hasMessage("cannot decode JSON as Order: empty value");
        assertThatThrownBy(() -> codec.decode(null)).hasMessage("cannot decode JSON as Order: empty value");
        assertThatThrownBy(() -> codec.decode("null".getBytes(UTF_8))).hasMessageContaining("JSON null");
        assertThatThrownBy(() -> Codecs.json(Long.class).decode("5 6".getBytes(UTF_8)))
                .hasMessageStartingWith("cannot decode JSON as Long: Trailing token");
        assertThatThrownBy(() -> codec.encode(null)).isInstanceOf(CodecException.class);
    }

    @Test
    void jsonReportsTypesItCannotEncode() {
        assertThatThrownBy(() -> Codecs.json(Object.class).encode(new Object()))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith("cannot encode Object as JSON: No serializer found");
    }

    @Test
    void rawEncodesStringsAsUtf8AndPassesBytesThrough() {
        byte[] bytes = {1, 2, 3};

        assertThat(Codecs.raw(String.class).encode("grüß")).isEqualTo("grüß".getBytes(UTF_8));
        assertThat(Codecs.raw(String.class).decode("grüß".getBytes(UTF_8))).isEqualTo("grüß");
        assertThat(Codecs.raw(String.class).decode(new byte[0])).isEmpty();
        assertThat(Codecs.raw(byte[].class).encode(bytes)).isSameAs(bytes);
        assertThat(Codecs.raw(byte[].class).decode(bytes)).isSameAs(bytes);
    }

    @Test
    void rawRejectsOtherTypesSuggestingJson() {
        assertThatThrownBy(() -> Codecs.raw(Order.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("raw codec handles String and byte[]; use json for Order");
    }

    @Test
    void binaryIsTheBase64OfTheRawBytes() {
        Codec<String> codec = Codecs.binary(String.class);

        byte[] encoded = codec.encode("hello");

        assertThat(encoded).asString(UTF_8).isEqualTo(Base64.getEncoder().encodeToString("hello".getBytes(UTF_8)));
        assertThat(codec.decode(encoded)).isEqualTo("hello");
        byte[] raw = {0, -1, 42};
        assertThat(Codecs.binary(byte[].class).decode(Codecs.binary(byte[].class).encode(raw))).isEqualTo(raw);
    }

    @Test
    void binaryRejectsTextThatIsNotBase64AndTypesOtherThanStringOrBytes() {
        assertThatThrownBy(() -> Codecs.binary(String.class).decode("no*base64".getBytes(UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith("cannot decode binary (base64) as String: Illegal base64 character");
        assertThatThrownBy(() -> Codecs.binary(Order.class))
                .hasMessage("binary codec handles String and byte[]; use json|binary for Order");
    }

    @Test
    void compositionEncodesLeftToRightAndDecodesRightToLeft() {
        Codec<Order> codec = Codecs.forName("json | binary", Order.class);

        byte[] encoded = codec.encode(ORDER);

        assertThat(encoded).isEqualTo(Base64.getEncoder().encode(Codecs.json(Order.class).encode(ORDER)));
        assertThat(codec.decode(encoded)).isEqualTo(ORDER);
        assertThat(codec.type()).isEqualTo(Order.class);
        assertThat(Codecs.forName("raw|binary", String.class).encode("hi")).isEqualTo(Codecs.binary(String.class).encode("hi"));
    }

    @Test
    void forNameGivesTheSharedJsonCodecPerType() {
        assertThat(Codecs.forName("json", Order.class)).isSameAs(Codecs.json(Order.class));
    }

    @Test
    void unknownCodecNameListsTheKnownNames() {
        assertThatThrownBy(() -> Codecs.forName("xml", Order.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Unknown codec 'xml': known codecs are raw, json, json-faust, json-jackson, binary, reverse");
        assertThatThrownBy(() -> Codecs.forName("json|xml", Order.class))
                .hasMessageStartingWith("Unknown codec 'xml' in 'json|xml': known codecs are");
        assertThatThrownBy(() -> Codecs.forName("json|", Order.class)).hasMessageStartingWith("Unknown codec ''");
    }

    @Test
    void findsACustomCodecRegisteredWithServiceLoader() {
        assertThat(Codecs.names()).containsExactly("raw", "json", "json-faust", "json-jackson", "binary", "reverse");

        Codec<byte[]> reverse = Codecs.forName("reverse", byte[].class);
        assertThat(reverse.encode(new byte[] {1, 2, 3})).containsExactly(3, 2, 1);

        Codec<Order> composed = Codecs.forName("json|reverse", Order.class);
        assertThat(composed.encode(ORDER)).asString(UTF_8).startsWith("}5.9");
        assertThat(composed.decode(composed.encode(ORDER))).isEqualTo(ORDER);
        assertThatThrownBy(() -> Codecs.forName("reverse", Order.class))
                .hasMessage("reverse codec handles byte[] only, not Order");
    }

    @Test
    void defaultKeyCodecTurnsRawIntoJsonForTypesRawCannotHandle() {
        assertThat(Codecs.defaultKeyCodecFor(String.class, "raw")).isEqualTo("raw");
        assertThat(Codecs.defaultKeyCodecFor(byte[].class, "raw")).isEqualTo("raw");
        assertThat(Codecs.defaultKeyCodecFor(Long.class, "raw")).isEqualTo("json");
        assertThat(Codecs.defaultKeyCodecFor(Order.class, "raw|binary")).isEqualTo("json|binary");
        assertThat(Codecs.defaultKeyCodecFor(Order.class, "binary")).isEqualTo("binary");
        assertThat(Codecs.defaultKeyCodecFor(Long.class, "json")).isEqualTo("json");
    }
}
