package io.faust4j.internal;

import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TransportProducer;
import java.util.List;

/**
 * One running copy of an agent's loop over one partition, as its {@link StreamImpl} and its {@link Supervisor}
 * see it: a cursor over events, the effects of the unfinished ones, and what a failure needs. An {@link Actor}
 * is one (the plain case); with {@code concurrency} or {@code keyOrdered} each {@link Lane} of the actor is one.
 */
interface AgentLoop {
    // ---- the cursor ----

    /** Moves to the next event: {@link Actor#EVENT}, {@link Actor#END} (stopping) or {@link Actor#TIMEOUT}. */
    int advance(long deadlineNanos);

    /** Finishes every event handed out so far. */
    void release();

    /** Manual acks: the current event stays unfinished until {@link #ack}, and the loop goes on. */
    void handOver();

    /** Manual acks: finishes an event handed over before. */
    void ack(ConsumedRecord record);

    ConsumedRecord currentRecord();

    Object currentValue();

    long nextIndex();

    // ---- what it belongs to ----

    WorkerImpl worker();

    AgentPlan plan();

    int partition();

    TopicPartition topicPartition();

    String describe();

    TransportProducer producer();

    // ---- effects ----

    /** Hands a result to the agent's sinks, and to the asker when the event was sent with {@code ask}. */
    void emit(Object result) throws Exception;

    /** Sends a record when the current event is finished. */
    void bufferSend(TransportProducer target, OutgoingRecord record);

    /** Sends a record now (as far as the event protocol goes). */
    void emit(TransportProducer target, OutgoingRecord record);

    // ---- supervision ----

    void runBody() throws Exception;

    boolean stopping();

    boolean isFenced();

    long processed();

    /** Sleeps up to {@code millis}; false if stopped meanwhile. */
    boolean pause(long millis);

    List<ConsumedRecord> unfinishedRecords();

    void rollBack();

    void rewind();

    void giveUp();
}
