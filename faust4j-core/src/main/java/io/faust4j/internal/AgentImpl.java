package io.faust4j.internal;

import io.faust4j.Agent;
import io.faust4j.AgentBody;
import io.faust4j.AgentOptions;
import io.faust4j.Topic;

/** A declared agent: its name, its source chain, its body and options. */
final class AgentImpl<K, V> implements Agent<K, V> {
    private final AppImpl app;
    private final String name;
    private final AbstractSource<K, V> source;
    private final AgentBody<K, V> body;
    private final AgentOptions options;

    AgentImpl(AppImpl app, String name, AbstractSource<K, V> source, AgentBody<K, V> body, AgentOptions options) {
        this.app = app;
        this.name = name;
        this.source = source;
        this.body = body;
        this.options = options;
    }

    @Override
    public String name() {
        return name;
    }

    AbstractSource<K, V> source() {
        return source;
    }

    AgentBody<K, V> body() {
        return body;
    }

    AgentOptions options() {
        return options;
    }

    @Override
    public Topic<?, V> topic() {
        return source.rootTopic();
    }

    /** Sends straight to the topic the agent's actors consume (after any repartition), routed by {@code key}. */
    @Override
    public void send(K key, V value) {
        java.util.Objects.requireNonNull(key, "key: use send(value) to send without a key");
        WorkerImpl worker = app.workerForCaller();
        worker.send(worker.consumedTopic(this), key, value, java.util.List.of());
    }

    @Override
    public void send(V value) {
        source.rootTopic().send(value);
    }

    @Override
    public <R> R ask(K key, V value, Class<R> replyType, java.time.Duration timeout) {
        java.util.Objects.requireNonNull(key, "key: use ask(value, replyType, timeout) to ask without a key");
        return AgentRpc.of(this, app.workerForCaller(), timeout).ask(key, value, replyType);
    }

    @Override
    public <R> R ask(V value, Class<R> replyType, java.time.Duration timeout) {
        return AgentRpc.of(this, app.workerForCaller(), timeout).ask(null, value, replyType);
    }

    @Override
    public <R> Iterable<R> map(Iterable<? extends V> values, Class<R> replyType, java.time.Duration timeout) {
        return AgentRpc.of(this, app.workerForCaller(), timeout).map(values, replyType);
    }

    @Override
    public <R> Iterable<io.faust4j.KeyValue<K, R>> kvmap(Iterable<io.faust4j.KeyValue<K, V>> items, Class<R> replyType,
                                                         java.time.Duration timeout) {
        return AgentRpc.of(this, app.workerForCaller(), timeout).kvmap(items, replyType);
    }

    @Override
    public <R> java.util.List<R> join(Iterable<? extends V> values, Class<R> replyType, java.time.Duration timeout) {
        return AgentRpc.of(this, app.workerForCaller(), timeout).join(values, replyType);
    }

    @Override
    public String toString() {
        return "agent " + name;
    }
}
