package io.faust4j.internal.codec;

import io.faust4j.Codec;
import io.faust4j.CodecException;
import java.util.Base64;

/** Faust's {@code binary} codec: the base64 text (as ASCII bytes) of what an inner codec produces. */
final class BinaryCodec<T> implements Codec<T> {
    private final Codec<T> inner;

    BinaryCodec(Codec<T> inner) {
        this.inner = inner;
    }

    @Override
    public byte[] encode(T value) {
        return Base64.getEncoder().encode(inner.encode(value));
    }

    @Override
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new CodecException("cannot decode binary (base64) as " + BuiltinCodecs.describe(type())
                    + ": no value (null bytes)");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new CodecException("cannot decode binary (base64) as " + BuiltinCodecs.describe(type()) + ": "
                    + e.getMessage(), e);
        }
        return inner.decode(decoded);
    }

    @Override
    public Class<T> type() {
        return inner.type();
    }

    @Override
    public String toString() {
        return "binary(" + BuiltinCodecs.describe(type()) + ")";
    }
}
