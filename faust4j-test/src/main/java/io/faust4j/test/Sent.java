package io.faust4j.test;

import io.faust4j.Header;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record that an app's agents wrote to a topic, decoded, as {@link TestDriver#sent} returns it: where
 * it landed, its timestamp, its key (if it has one), its value and its headers.
 *
 * <p>Two {@code Sent} are equal when all of these are equal (keys and values by {@code equals}, header
 * values by content).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class Sent<K, V> {
    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestamp;
    private final Optional<K> key;
    private final V value;
    private final List<Header> headers;

    private Sent(String topic, int partition, long offset, long timestamp, Optional<K> key, V value,
                 List<Header> headers) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = headers;
    }

    static <K, V> Sent<K, V> of(String topic, int partition, long offset, long timestamp, Optional<K> key, V value,
                                List<Header> headers) {
        return new Sent<>(topic, partition, offset, timestamp, key, Objects.requireNonNull(value, "value"),
                List.copyOf(headers));
    }

    /** The topic it was written to. */
    public String topic() {
        return topic;
    }

    /** The partition it landed in. */
    public int partition() {
        return partition;
    }

    /** Its offset in that partition. */
    public long offset() {
        return offset;
    }

    /** Its timestamp in milliseconds since the epoch (the app's clock when it was sent, or its source's). */
    public long timestamp() {
        return timestamp;
    }

    /** The decoded key, if the record has one. */
    public Optional<K> key() {
        return key;
    }

    /** The decoded value. */
    public V value() {
        return value;
    }

    /** Its headers, in order. */
    public List<Header> headers() {
        return headers;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Sent<?, ?> that)) {
            return false;
        }
        return partition == that.partition && offset == that.offset && timestamp == that.timestamp
                && topic.equals(that.topic) && key.equals(that.key) && value.equals(that.value)
                && sameHeaders(headers, that.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, timestamp, key, value);
    }

    @Override
    public String toString() {
        return "Sent[" + topic + "-" + partition + "@" + offset + ", timestamp=" + timestamp
                + ", key=" + key.map(String::valueOf).orElse("(none)") + ", value=" + value
                + (headers.isEmpty() ? "" : ", headers=" + headers.stream()
                        .map(h -> h.key() + "=" + h.valueAsString()).toList()) + "]";
    }

    private static boolean sameHeaders(List<Header> a, List<Header> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).key().equals(b.get(i).key()) || !java.util.Arrays.equals(a.get(i).value(), b.get(i).value())) {
                return false;
            }
        }
        return true;
    }
}
