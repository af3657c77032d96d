package io.faust4j.internal.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.faust4j.Codec;
import io.faust4j.CodecException;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** A set encoded as a JSON array of its elements (the values of a {@link io.faust4j.SetTable}). */
public final class SetCodec<E> implements Codec<Set<E>> {
    private final Class<E> elementType;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private SetCodec(Class<E> elementType) {
        this.elementType = elementType;
        JavaType type = JsonCodec.MAPPER.getTypeFactory().constructCollectionType(LinkedHashSet.class, elementType);
        this.reader = JsonCodec.MAPPER.readerFor(type);
        this.writer = JsonCodec.MAPPER.writerFor(JsonCodec.MAPPER.getTypeFactory().constructCollectionType(Set.class,
                elementType));
    }

    /** The codec of sets of {@code elementType}. */
    public static <E> SetCodec<E> of(Class<E> elementType) {
        return new SetCodec<>(elementType);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<Set<E>> type() {
        return (Class) Set.class;
    }

    @Override
    public byte[] encode(Set<E> value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new CodecException("cannot encode a set of " + elementType.getSimpleName() + " as a JSON array: "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Set<E> decode(byte[] bytes) {
        try {
            Set<E> set = reader.readValue(bytes);
            if (set == null || set.contains(null)) {
                throw new CodecException("expected a JSON array of " + elementType.getSimpleName() + " elements without"
                        + " nulls");
            }
            return Collections.unmodifiableSet(set);
        } catch (IOException e) {
            throw new CodecException("expected a JSON array of " + elementType.getSimpleName() + " elements: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }
}
