package io.faust4j.internal;

import io.faust4j.AskTimeoutException;
import io.faust4j.Codecs;
import io.faust4j.KeyValue;
import io.faust4j.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code ask}, {@code map}, {@code kvmap} and {@code join} of one agent: requests sent through the worker's
 * {@link RpcClient}, replies awaited against one deadline per call.
 */
final class AgentRpc<K, V> {
    private final AgentImpl<K, V> agent;
    private final WorkerImpl worker;
    private final RpcClient rpc;
    private final long deadline;
    private final Duration timeout;

    private AgentRpc(AgentImpl<K, V> agent, WorkerImpl worker, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Asking agent '" + agent.name() + "' needs a positive timeout, got "
                    + timeout);
        }
        if (Actor.current() != null) {
            throw new IllegalStateException("Cannot ask agent '" + agent.name() + "' from inside " + Actor.current()
                    .describe() + ": a loop's sends go out only when its event is finished, so the request would wait"
                    + " for the reply it waits for. Ask from outside agents, or send (cast) and let the agent emit to a"
                    + " topic this agent reads");
        }
        this.agent = agent;
        this.worker = worker;
        this.rpc = worker.rpc();
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    static <K, V> AgentRpc<K, V> of(AgentImpl<K, V> agent, WorkerImpl worker, Duration timeout) {
        return new AgentRpc<>(agent, worker, timeout);
    }

    /** Sends one request: keyed to the topic the agent's actors consume, else to its source topic. */
    @SuppressWarnings("unchecked")
    private RpcClient.Request send(K key, V value) {
        RpcClient.Request request = rpc.open(agent.name());
        try {
            if (key != null) {
                worker.send(worker.consumedTopic(agent), key, value, request.headers());
            } else {
                worker.send((TopicImpl<Object, V>) (Topic<?, V>) agent.topic(), null, value, request.headers());
            }
        } catch (RuntimeException e) {
            rpc.abandon(request);
            throw e;
        }
        return request;
    }

    <R> R ask(K key, V value, Class<R> replyType) {
        return rpc.await(send(key, value), replyType, deadline, agent.name(), timeout);
    }

    <R> List<R> join(Iterable<? extends V> values, Class<R> replyType) {
        List<RpcClient.Request> requests = new ArrayList<>();
        for (V value : values) {
            requests.add(send(null, value));
        }
        List<R> replies = new ArrayList<>(requests.size());
        try {
            for (RpcClient.Request request : requests) {
                replies.add(rpc.await(request, replyType, deadline, agent.name(), timeout));
            }
        } finally {
            requests.forEach(rpc::abandon);
        }
        return replies;
    }

    <R> Iterable<R> map(Iterable<? extends V> values, Class<R> replyType) {
        List<KeyValue<K, V>> items = new ArrayList<>();
        values.forEach(v -> items.add(new KeyValue<>(null, v)));
        Iterator<KeyValue<K, R>> pairs = arriving(items, replyType);
        return () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pairs.hasNext();
            }

            @Override
            public R next() {
                return pairs.next().value();
            }
        };
    }

    <R> Iterable<KeyValue<K, R>> kvmap(Iterable<KeyValue<K, V>> items, Class<R> replyType) {
        List<KeyValue<K, V>> all = new ArrayList<>();
        items.forEach(all::add);
        Iterator<KeyValue<K, R>> pairs = arriving(all, replyType);
        return () -> pairs;
    }

    /** Sends every request now; the iterator hands out each reply as it arrives, with the key it was asked for. */
    private <R> Iterator<KeyValue<K, R>> arriving(List<KeyValue<K, V>> items, Class<R> replyType) {
        LinkedBlockingQueue<KeyValue<K, byte[]>> arrived = new LinkedBlockingQueue<>();
        List<RpcClient.Request> requests = new ArrayList<>();
        for (KeyValue<K, V> item : items) {
            RpcClient.Request request = send(item.key(), item.value());
            requests.add(request);
            request.reply().thenAccept(bytes -> arrived.add(new KeyValue<>(item.key(), bytes)));
        }
        int total = requests.size();
        return new Iterator<>() {
            private int handed;

            @Override
            public boolean hasNext() {
                return handed < total;
            }

            @Override
            public KeyValue<K, R> next() {
                if (handed >= total) {
                    throw new NoSuchElementException("All " + total + " replies were handed out");
                }
                KeyValue<K, byte[]> reply;
                try {
                    reply = arrived.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    reply = null;
                }
                if (reply == null) {
                    requests.forEach(rpc::abandon);
                    throw new AskTimeoutException("Only " + handed + " of " + total + " replies from agent '"
                            + agent.name() + "' arrived within " + timeout + ": the agent's loop replies with what it"
                            + " emits (stream.emit) while processing each request");
                }
                handed++;
                if (handed == total) {
                    requests.forEach(rpc::abandon);
                }
                return new KeyValue<>(reply.key(), Codecs.json(replyType).decode(reply.value()));
            }
        };
    }
}
