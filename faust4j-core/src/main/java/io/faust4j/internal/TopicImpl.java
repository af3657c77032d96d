package io.faust4j.internal;

import io.faust4j.Codec;
import io.faust4j.Header;
import io.faust4j.Topic;
import io.faust4j.TopicOptions;
import java.util.List;

/** A declared topic or channel, or an internal repartition topic. */
final class TopicImpl<K, V> extends AbstractSource<K, V> implements Topic<K, V> {
    private final AppImpl app;
    private final String name;
    private final Class<K> keyType;
    private final Class<V> valueType;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final TopicOptions options;
    private final boolean channel;
    private final boolean internal;

    TopicImpl(AppImpl app, String name, Class<K> keyType, Class<V> valueType, Codec<K> keyCodec, Codec<V> valueCodec,
              TopicOptions options, boolean channel, boolean internal) {
        this.app = app;
        this.name = name;
        this.keyType = keyType;
        this.valueType = valueType;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.options = options;
        this.channel = channel;
        this.internal = internal;
    }

    @Override
    TopicImpl<?, V> rootTopic() {
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<K> keyType() {
        return keyType;
    }

    @Override
    public Class<V> valueType() {
        return valueType;
    }

    @Override
    public Codec<K> keyCodec() {
        return keyCodec;
    }

    @Override
    public Codec<V> valueCodec() {
        return valueCodec;
    }

    @Override
    public TopicOptions options() {
        return options;
    }

    @Override
    public boolean isChannel() {
        return channel;
    }

    boolean isInternal() {
        return internal;
    }

    @Override
    public void send(K key, V value) {
        send(key, value, List.of());
    }

    @Override
    public void send(K key, V value, List<Header> headers) {
        java.util.Objects.requireNonNull(key, "key: use send(value) to send without a key");
        app.workerForCaller().send(this, key, value, headers);
    }

    @Override
    public void send(V value) {
        app.workerForCaller().send(this, null, value, List.of());
    }

    @Override
    public String toString() {
        return (channel ? "channel " : "topic ") + name;
    }
}
