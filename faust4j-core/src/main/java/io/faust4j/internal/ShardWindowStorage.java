package io.faust4j.internal;

/**
 * The storage of one partition of a windowed table, written by one actor: the windows in the table's shard and
 * the stream time in the shard of its {@code <name>-stream-time} table, both changelogged and rolled back with a
 * failed event. The sliding and session kinds extend it with what they keep besides.
 */
class ShardWindowStorage<K, V> implements WindowPartition.Storage<K, V> {
    final WindowedTableImpl.Core<K, V> core;
    final TableShard<WindowKey<K>, V> shard;
    final TableShard<String, Long> times;
    final Actor actor;

    ShardWindowStorage(WindowedTableImpl.Core<K, V> core, TableShard<WindowKey<K>, V> shard, Actor actor) {
        this.core = core;
        this.shard = shard;
        this.times = core.times.writeShard(actor);
        this.actor = actor;
    }

    @Override
    public V get(WindowKey<K> key) {
        return shard.get(key);
    }

    @Override
    public void put(WindowKey<K> key, V value) {
        shard.put(actor, key, value);
    }

    @Override
    public void remove(WindowKey<K> key) {
        shard.remove(actor, key);
    }

    @Override
    public long streamTime() {
        Long time = times.get(WindowedTableImpl.STREAM_TIME);
        return time == null ? WindowPartition.NONE : time;
    }

    @Override
    public void streamTime(long time) {
        times.put(actor, WindowedTableImpl.STREAM_TIME, time);
    }
}
