package io.faust4j.internal;

import io.faust4j.AgentBody;
import io.faust4j.Faust4jException;
import io.faust4j.Stream;
import io.faust4j.spi.ConsumedRecord;
import java.util.function.Function;

/**
 * The body of the internal agents behind {@code groupBy} and {@code through}: re-sends every event of
 * a partition to the next topic of the chain. A repartition keeps the value bytes as read (the
 * repartition topic shares the source's value codec) and only encodes the new key.
 */
final class Forwarder implements AgentBody<Object, Object> {
    private final TopicImpl<Object, Object> target;
    private final Function<Object, Object> keyFn;
    private final String step;

    /** A repartition by {@code keyFn}, or (when null) a plain forward that keeps keys. */
    @SuppressWarnings("unchecked")
    Forwarder(TopicImpl<?, ?> target, Function<?, ?> keyFn, String step) {
        this.target = (TopicImpl<Object, Object>) target;
        this.keyFn = (Function<Object, Object>) keyFn;
        this.step = step;
    }

    @Override
    public void run(Stream<Object, Object> stream) {
        Actor actor = (Actor) ((StreamImpl<Object, Object>) stream).actor();
        WorkerImpl worker = actor.worker();
        while (true) {
            actor.release();
            if (actor.advance(Long.MAX_VALUE) != Actor.EVENT) {
                return;
            }
            ConsumedRecord record = actor.currentRecord();
            if (keyFn != null && record.value() == null) {
                continue; // a tombstone has no value to take a new key from: it stays in the source topic only
            }
            if (keyFn != null) {
                Object key = keyFn.apply(actor.currentValue());
                if (key == null) {
                    throw new Faust4jException("The key function of " + step + " returned null for "
                            + actor.currentValue() + ": a repartition needs a key");
                }
                worker.sendRaw(target, target.keyCodec().encode(key), record.value(), record.headers(), record.timestamp());
            } else {
                Object key = record.key() == null ? null : ((TopicImpl<?, ?>) actor.plan().topic()).keyCodec().decode(record.key());
                worker.send(target, key, actor.currentValue(), record.headers());
            }
        }
    }
}
