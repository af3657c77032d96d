package io.faust4j.test;

import io.faust4j.Header;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A record as bytes, for {@link TestDriver#sendRaw} and {@link TestDriver#putRaw}: what a producer that
 * does not use the app's codecs would write, such as malformed JSON, a record with headers, or a tombstone.
 * Immutable; each method returns a copy.
 *
 * <pre>{@code
 * driver.putRaw(agent, RawRecord.of("{not json").key("acc-1").header("trace", "t-1"));
 * driver.putRaw(agent, RawRecord.of(bytes).timestamp(Instant.parse("2024-01-01T00:05:00Z")));
 * }</pre>
 */
public final class RawRecord {
    private final Optional<byte[]> key;
    private final Optional<byte[]> value;
    private final List<Header> headers;
    private final Optional<Instant> timestamp;

    private RawRecord(Optional<byte[]> key, Optional<byte[]> value, List<Header> headers, Optional<Instant> timestamp) {
        this.key = key;
        this.value = value;
        this.headers = headers;
        this.timestamp = timestamp;
    }

    /** A record whose value is {@code value} (copied), without key, headers or timestamp of its own. */
    public static RawRecord of(byte[] value) {
        return new RawRecord(Optional.empty(), Optional.of(Objects.requireNonNull(value, "value").clone()), List.of(),
                Optional.empty());
    }

    /** A record whose value is the UTF-8 bytes of {@code value}. */
    public static RawRecord of(String value) {
        return of(Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
    }

    /** A record with a key and no value (a tombstone): agents see it through {@code stream.events()} only. */
    public static RawRecord tombstone(byte[] key) {
        return new RawRecord(Optional.of(Objects.requireNonNull(key, "key").clone()), Optional.empty(), List.of(),
                Optional.empty());
    }

    /** A copy with this key (copied); it also picks the partition, as Kafka's default partitioner does. */
    public RawRecord key(byte[] key) {
        return new RawRecord(Optional.of(Objects.requireNonNull(key, "key").clone()), value, headers, timestamp);
    }

    /** A copy whose key is the UTF-8 bytes of {@code key}, as the default codec of {@code String} keys writes them. */
    public RawRecord key(String key) {
        return key(Objects.requireNonNull(key, "key").getBytes(StandardCharsets.UTF_8));
    }

    /** A copy with one more header (names may repeat, as in Kafka). */
    public RawRecord header(String name, byte[] value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, Objects.requireNonNull(value, "header value").clone()));
        return new RawRecord(key, this.value, List.copyOf(more), timestamp);
    }

    /** A copy with one more header whose value is the UTF-8 bytes of {@code value}. */
    public RawRecord header(String name, String value) {
        return header(name, Objects.requireNonNull(value, "header value").getBytes(StandardCharsets.UTF_8));
    }

    /** A copy with this timestamp, instead of the driver clock's time when it is sent. */
    public RawRecord timestamp(Instant timestamp) {
        return new RawRecord(key, value, headers, Optional.of(Objects.requireNonNull(timestamp, "timestamp")));
    }

    /** The key bytes, if the record has a key (a copy). */
    public Optional<byte[]> key() {
        return key.map(byte[]::clone);
    }

    /** The value bytes, empty for a tombstone (a copy). */
    public Optional<byte[]> value() {
        return value.map(byte[]::clone);
    }

    /** The headers, in order. */
    public List<Header> headers() {
        return headers;
    }

    /** The timestamp given with {@link #timestamp(Instant)}, if any. */
    public Optional<Instant> timestamp() {
        return timestamp;
    }

    @Override
    public String toString() {
        return "RawRecord[key=" + key.map(RawRecord::text).orElse("(none)") + ", value="
                + value.map(RawRecord::text).orElse("(tombstone)")
                + (headers.isEmpty() ? "" : ", headers=" + headers.stream().map(h -> h.key() + "=" + h.valueAsString())
                        .toList())
                + timestamp.map(t -> ", timestamp=" + t).orElse("") + "]";
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
