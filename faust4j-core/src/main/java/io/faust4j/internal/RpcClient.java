package io.faust4j.internal;

import io.faust4j.AskTimeoutException;
import io.faust4j.Codecs;
import io.faust4j.Faust4jException;
import io.faust4j.Header;
import io.faust4j.spi.ConsumedBatch;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TopicSpec;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportConsumer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The asking side of agent RPC in one worker ({@code Agent.ask}, {@code map}, {@code kvmap}, {@code join}):
 * a request is an ordinary record sent to the agent with two headers, the reply topic and a correlation id;
 * the agent's actor sends what its loop emits for that event to the reply topic under the same id (see
 * {@link #replyIfAsked}); a third header names the agent asked, so other agents reading the same topic stay
 * silent. The reply topic, {@code <app>-reply} (one partition), is created and read on the first
 * ask: a reader outside the group, positioned at the end before any request goes out, completes the pending
 * request of each reply's correlation id and ignores the others (replies to other workers, or late ones).
 */
final class RpcClient implements AutoCloseable {
    static final String REPLY_TO = "faust4j-reply-to";
    static final String CORRELATION_ID = "faust4j-correlation-id";
    /** The agent asked: other agents reading the same topic do not reply. */
    static final String REPLY_AGENT = "faust4j-reply-agent";
    private static final Duration POLL = Duration.ofMillis(50);

    private final WorkerImpl worker;
    private final String replyTopic;
    private final TransportConsumer reader;
    private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    RpcClient(WorkerImpl worker, Transport transport) {
        this.worker = worker;
        this.replyTopic = worker.settings().effectiveId() + "-reply";
        ensureTopic(transport);
        TopicPartition tp = new TopicPartition(replyTopic, 0);
        this.reader = transport.createReader(worker.clientId() + "-replies");
        reader.assign(List.of(tp));
        reader.seek(tp, reader.endOffset(tp));
        reader.position(tp); // resolved now: no reply sent from here on is missed
        this.thread = Threads.platform("faust4j-replies-" + worker.clientId(), this::read);
        thread.start();
    }

    private void ensureTopic(Transport transport) {
        if (transport.describeTopics(List.of(replyTopic)).containsKey(replyTopic)) {
            return;
        }
        try {
            transport.createTopics(List.of(new TopicSpec(replyTopic, 1, worker.settings().topicReplicationFactor(),
                    false, true, Map.of("retention.ms", "3600000"))));
        } catch (RuntimeException e) {
            if (!transport.describeTopics(List.of(replyTopic)).containsKey(replyTopic)) {
                throw new Faust4jException("Cannot create the reply topic '" + replyTopic + "' for agent RPC: "
                        + e.getMessage(), e);
            } // another worker created it meanwhile
        }
    }

    /** Registers a request: its correlation id and the headers that carry it, and the future of its reply. */
    Request open(String agent) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        pending.put(id, reply);
        List<Header> headers = List.of(Header.of(REPLY_TO, replyTopic), Header.of(CORRELATION_ID, id),
                Header.of(REPLY_AGENT, agent));
        return new Request(id, headers, reply);
    }

    /** Waits for a request's reply until {@code deadline} ({@link System#nanoTime()}) and decodes it. */
    <R> R await(Request request, Class<R> type, long deadline, String agent, Duration timeout) {
        try {
            long wait = Math.max(0, deadline - System.nanoTime());
            return Codecs.json(type).decode(request.reply().get(wait, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            throw new AskTimeoutException("No reply from agent '" + agent + "' within " + timeout + " (correlation id "
                    + request.id() + "): the agent's loop replies with what it emits (stream.emit) while processing"
                    + " the request. Check that the agent runs and emits a result for each event, or give it longer");
        } catch (ExecutionException e) {
            throw new Faust4jException("Asking agent '" + agent + "' failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Faust4jException("Interrupted while waiting for a reply from agent '" + agent + "'", e);
        } finally {
            pending.remove(request.id());
        }
    }

    /** Forgets a request whose reply is no longer awaited. */
    void abandon(Request request) {
        pending.remove(request.id());
    }

    private void read() {
        while (!closed) {
            try {
                for (ConsumedBatch batch : reader.poll(POLL)) {
                    for (ConsumedRecord record : batch.records()) {
                        String id = header(record, CORRELATION_ID);
                        CompletableFuture<byte[]> reply = id == null ? null : pending.get(id);
                        if (reply != null) {
                            reply.complete(record.value());
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                worker.limitedLog().warn("replies", "Reading the reply topic {} failed: {}", replyTopic, e.getMessage());
                pending.values().forEach(f -> f.completeExceptionally(e));
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        reader.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
        pending.values().forEach(f -> f.completeExceptionally(new Faust4jException("The worker stopped")));
    }

    /** One request in flight. */
    record Request(String id, List<Header> headers, CompletableFuture<byte[]> reply) {
    }

    static String header(ConsumedRecord record, String name) {
        List<Header> headers = record.headers();
        for (int i = headers.size() - 1; i >= 0; i--) {
            Header header = headers.get(i);
            if (header.key().equals(name)) {
                return new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * The agent side: when the event {@code loop} works on was sent by an ask, sends {@code result} to the
     * asker's reply topic under its correlation id, as a send of that event (so it goes out when the event is
     * finished, and is dropped if the event fails).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void replyIfAsked(AgentLoop loop, Object result) {
        ConsumedRecord request = loop.currentRecord();
        if (request == null || request.headers().isEmpty()) {
            return;
        }
        String replyTo = header(request, REPLY_TO);
        String id = header(request, CORRELATION_ID);
        if (replyTo == null || id == null || !loop.plan().name().equals(header(request, REPLY_AGENT))) {
            return;
        }
        if (result == null) {
            return;
        }
        byte[] value = Codecs.json((Class) result.getClass()).encode(result);
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        WorkerImpl worker = loop.worker();
        var reply = new io.faust4j.spi.OutgoingRecord(replyTo, 0, key, value, worker.clock().millis(),
                List.of(Header.of(CORRELATION_ID, id)));
        loop.bufferSend(worker.replyProducer(loop), reply);
    }
}
