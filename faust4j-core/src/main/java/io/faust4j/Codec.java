package io.faust4j;

/**
 * Turns values of one type into bytes and back: how keys and values travel through topics and stores.
 *
 * <p>Get one from {@link Codecs}; plug in your own through {@link io.faust4j.spi.CodecProvider}.
 * Implementations are thread-safe.
 *
 * @param <T> the type of the values
 */
public interface Codec<T> {
    /**
     * Encodes a value.
     *
     * @throws CodecException when the value cannot be encoded
     */
    byte[] encode(T value);

    /**
     * Decodes bytes into a value; never returns null.
     *
     * @throws CodecException naming the type and the problem, also for empty input
     */
    T decode(byte[] bytes);

    /** The type of the values this codec handles. */
    Class<T> type();
}
