package io.faust4j.spi;

import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A table as one running worker holds it, for servers and tools beside the engine (the {@code faust4j-web}
 * table endpoints): which partition a key lives in, which partitions this worker holds, and reads of them.
 * Keys and values are the table's own types; reads see changes not yet checkpointed.
 */
public interface LocalTable {
    /** The table name. */
    String name();

    /** The changelog topic, whose partition owners ({@code Worker.owners}) hold the table's partitions. */
    String changelogTopic();

    /** The number of partitions. */
    int partitions();

    /** Whether every worker holds every partition (a global table). */
    boolean isGlobal();

    /** The key type. */
    Class<?> keyType();

    /** The value missing keys read as, if the table has one. */
    Optional<Object> defaultValue();

    /** The partition {@code key} lives in: the one an event keyed by it is sent to. */
    int partitionOf(Object key);

    /** The partitions whose active copy this worker holds now. */
    Set<Integer> heldPartitions();

    /** The value written for {@code key}, if this worker holds the key's partition and a value is there. */
    Optional<Object> find(Object key);

    /** Visits the entries of every partition this worker holds. */
    void forEachLocal(BiConsumer<Object, Object> visitor);
}
