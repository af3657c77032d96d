package io.faust4j.internal.codec;

import io.faust4j.Codec;
import io.faust4j.CodecException;
import java.nio.charset.StandardCharsets;

/** The {@code raw} codecs: UTF-8 text for {@code String}, the bytes themselves (not copied) for {@code byte[]}. */
final class RawCodec {
    static final Codec<String> STRING = new Codec<>() {
        @Override
        public byte[] encode(String value) {
            if (value == null) {
                throw new CodecException("cannot encode null as raw String");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            if (bytes == null) {
                throw new CodecException("cannot decode raw String: no value (null bytes)");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public Class<String> type() {
            return String.class;
        }

        @Override
        public String toString() {
            return "raw(String)";
        }
    };

    static final Codec<byte[]> BYTES = new Codec<>() {
        @Override
        public byte[] encode(byte[] value) {
            if (value == null) {
                throw new CodecException("cannot encode null as raw byte[]");
            }
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            if (bytes == null) {
                throw new CodecException("cannot decode raw byte[]: no value (null bytes)");
            }
            return bytes;
        }

        @Override
        public Class<byte[]> type() {
            return byte[].class;
        }

        @Override
        public String toString() {
            return "raw(byte[])";
        }
    };

    private RawCodec() {
    }
}
