package io.faust4j.internal;

import io.faust4j.Codec;
import io.faust4j.GlobalTable;

/** A declared global table: a {@link TableImpl} whose reads go to any partition (see {@link GlobalTables}). */
final class GlobalTableImpl<K, V> extends TableImpl<K, V> implements GlobalTable<K, V> {
    GlobalTableImpl(AppImpl app, int index, String name, Class<K> keyType, Class<V> valueType, Codec<K> keyCodec,
                    Codec<K> partitionKeyCodec, Codec<V> valueCodec, java.util.function.Supplier<? extends V> defaults,
                    int partitions) {
        super(app, index, name, keyType, valueType, keyCodec, partitionKeyCodec, valueCodec, defaults, partitions, true);
    }
}
