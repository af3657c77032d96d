package io.faust4j;

/**
 * A value with its position in a stream, as {@link Stream#enumerate()} yields them.
 *
 * @param index the position, from 0
 * @param value the value
 */
public record Indexed<V>(long index, V value) {
}
