package io.faust4j.internal;

import io.faust4j.Codec;
import io.faust4j.Event;
import io.faust4j.Header;
import io.faust4j.spi.ConsumedRecord;
import java.util.List;
import java.util.Optional;

/** An event as the loop sees it; the key is decoded on first use. */
final class EventImpl<K, V> implements Event<K, V> {
    private final ConsumedRecord record;
    private final V value;
    private final Codec<K> keyCodec;

    EventImpl(ConsumedRecord record, V value, Codec<K> keyCodec) {
        this.record = record;
        this.value = value;
        this.keyCodec = keyCodec;
    }

    /** The record as consumed. */
    ConsumedRecord record() {
        return record;
    }

    @Override
    public String topic() {
        return record.topic();
    }

    @Override
    public int partition() {
        return record.partition();
    }

    @Override
    public long offset() {
        return record.offset();
    }

    @Override
    public long timestamp() {
        return record.timestamp();
    }

    @Override
    public List<Header> headers() {
        return record.headers();
    }

    @Override
    public Optional<K> key() {
        return record.key() == null ? Optional.empty() : Optional.of(keyCodec.decode(record.key()));
    }

    @Override
    public V value() {
        return value;
    }

    @Override
    public Optional<byte[]> rawKey() {
        return Optional.ofNullable(record.key());
    }

    @Override
    public byte[] rawValue() {
        return record.value();
    }

    @Override
    public String toString() {
        return "Event[" + record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + value + "]";
    }
}
