/**
 * Service provider interfaces: {@link io.faust4j.spi.Transport transports},
 * {@link io.faust4j.spi.Store stores} and {@link io.faust4j.spi.CodecProvider codecs}. Each has an
 * in-memory implementation in core; others ({@code kafka://}, {@code rocksdb://}) plug in through
 * {@link java.util.ServiceLoader}.
 */
package io.faust4j.spi;
