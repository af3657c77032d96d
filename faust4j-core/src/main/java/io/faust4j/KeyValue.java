package io.faust4j;

/**
 * A key and a value, as {@link Stream#items()} yields them.
 *
 * @param key the key, or {@code null} when the record has none
 * @param value the value
 */
public record KeyValue<K, V>(K key, V value) {
}
