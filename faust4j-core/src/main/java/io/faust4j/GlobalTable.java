package io.faust4j;

/**
 * A table every worker holds in full, as Faust's {@code GlobalTable}: all partitions are kept current
 * from the changelog by a reader of each worker's own, outside the consumer group, so any agent (and code
 * outside agents) can read any key, such as reference data joined into a stream. A worker starts its
 * agents only once its global tables have read their changelogs up to the end offsets seen at its start.
 *
 * <p>A key is written only by the agent that processes the key's partition (events keyed by the table's
 * key, for instance with {@link Source#groupBy}); a write of another partition's key fails. Other
 * workers see a write once it reaches the changelog (after the writer's next commit).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface GlobalTable<K, V> extends Table<K, V> {
}
