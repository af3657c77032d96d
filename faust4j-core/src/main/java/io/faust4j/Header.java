package io.faust4j;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One record header: a name and raw bytes, as Kafka carries them (names may repeat).
 *
 * @param key the header name
 * @param value the header bytes
 */
public record Header(String key, byte[] value) {
    public Header {
        Objects.requireNonNull(key, "header key");
        Objects.requireNonNull(value, "header value");
    }

    /** A header whose value is the UTF-8 bytes of {@code value}. */
    public static Header of(String key, String value) {
        return new Header(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The value decoded as UTF-8 text. */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
