package io.faust4j.internal.codec;

import io.faust4j.Codec;
import java.util.List;

/** A composition such as {@code json|binary}: encodes with the first codec, then each next one; decodes in reverse. */
final class ComposedCodec<T> implements Codec<T> {
    private final Codec<T> first;
    private final Codec<byte[]>[] rest;

    @SuppressWarnings("unchecked")
    ComposedCodec(Codec<T> first, List<Codec<byte[]>> rest) {
        this.first = first;
        this.rest = rest.toArray(Codec[]::new);
    }

    @Override
    public byte[] encode(T value) {
        byte[] bytes = first.encode(value);
        for (Codec<byte[]> codec : rest) {
            bytes = codec.encode(bytes);
        }
        return bytes;
    }

    @Override
    public T decode(byte[] bytes) {
        byte[] current = bytes;
        for (int i = rest.length - 1; i >= 0; i--) {
            current = rest[i].decode(current);
        }
        return first.decode(current);
    }

    @Override
    public Class<T> type() {
        return first.type();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(first.toString());
        for (Codec<byte[]> codec : rest) {
            text.append('|').append(codec);
        }
        return text.toString();
    }
}
