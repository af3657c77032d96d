package io.faust4j.spi;

import io.faust4j.Codec;

/**
 * Adds a codec that {@link io.faust4j.Codecs#forName} finds by name; registered in
 * {@code META-INF/services/io.faust4j.spi.CodecProvider} and found with {@link java.util.ServiceLoader}.
 *
 * <p>A provider needs a public no-argument constructor. Its name must differ from the built-in
 * codecs ({@code raw}, {@code json}, {@code binary}) and from other providers' names.
 */
public interface CodecProvider {
    /** The name that selects this codec in settings and topic declarations, for example {@code avro}. */
    String name();

    /**
     * Creates a codec for one type; called once per topic or table declaration, not per record.
     * When this codec is not the first in a composition such as {@code json|mycodec}, the type is
     * {@code byte[].class}.
     *
     * @throws io.faust4j.ConfigurationException when this codec cannot handle {@code type}
     */
    <T> Codec<T> create(Class<T> type);
}
