package io.faust4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faust4j.Codec;
import io.faust4j.CodecException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the keys of a windowed table so that one key's windows are one range of the store (a common
 * prefix), in one of two layouts:
 * <ul>
 *   <li>binary (faust4j's own): the key's length (4 bytes), the key's bytes, then the window's start and end
 *   as 8-byte big-endian numbers with the sign bit flipped, so a key's windows sort by start;</li>
 *   <li>Faust's (with {@code faust_compat}): the JSON list {@code [key,[start,end]]} in float epoch seconds,
 *   where {@code end = start + size - 0.1}, as Python Faust writes it (compact separators, floats as Python
 *   prints them); a key's windows share the prefix {@code [key,[} but are not sorted by start.</li>
 * </ul>
 */
final class WindowKeyCodec<K> implements Codec<WindowKey<K>> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Codec<K> keyCodec;
    private final boolean faust;
    private final long sizeMillis;

    private WindowKeyCodec(Codec<K> keyCodec, boolean faust, long sizeMillis) {
        this.keyCodec = keyCodec;
        this.faust = faust;
        this.sizeMillis = sizeMillis;
    }

    /** faust4j's binary layout. */
    static <K> WindowKeyCodec<K> binary(Codec<K> keyCodec) {
        return new WindowKeyCodec<>(keyCodec, false, 0);
    }

    /** Faust's JSON layout, for windows of {@code sizeMillis} (a key's end is derived from its start on reading). */
    static <K> WindowKeyCodec<K> faust(Codec<K> keyCodec, long sizeMillis) {
        return new WindowKeyCodec<>(keyCodec, true, sizeMillis);
    }

    boolean isFaust() {
        return faust;
    }

    /** The type of the table keys inside the window keys. */
    Class<K> keyType() {
        return keyCodec.type();
    }

    @Override
    public byte[] encode(WindowKey<K> value) {
        byte[] key = keyCodec.encode(value.key());
        if (faust) {
            double start = value.start() / 1000.0;
            double end = start + sizeMillis / 1000.0 - 0.1; // Faust's WindowRange_from_start, in the same order
            byte[] window = (pythonFloat(start) + "," + pythonFloat(end) + "]]").getBytes(StandardCharsets.US_ASCII);
            byte[] prefix = prefix(key);
            byte[] out = new byte[prefix.length + window.length];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(window, 0, out, prefix.length, window.length);
            return out;
        }
        return ByteBuffer.allocate(4 + key.length + 16).putInt(key.length).put(key)
                .putLong(value.start() ^ Long.MIN_VALUE).putLong(value.end() ^ Long.MIN_VALUE).array();
    }

    @Override
    public WindowKey<K> decode(byte[] bytes) {
        if (faust) {
            return decodeFaust(bytes);
        }
        if (bytes.length < 20) {
            throw new CodecException("Not a windowed table key: " + bytes.length + " bytes, expected at least 20");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int length = buffer.getInt();
        if (length != bytes.length - 20) {
            throw new CodecException("Not a windowed table key: its key length says " + length + " bytes, but "
                    + (bytes.length - 20) + " are there (was the table written with faust_compat?)");
        }
        byte[] key = new byte[length];
        buffer.get(key);
        long start = buffer.getLong() ^ Long.MIN_VALUE;
        long end = buffer.getLong() ^ Long.MIN_VALUE;
        return new WindowKey<>(keyCodec.decode(key), start, end);
    }

    private WindowKey<K> decodeFaust(byte[] bytes) {
        JsonNode list;
        try {
            list = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new CodecException("Not a Faust windowed table key (JSON [key, [start, end]]): "
                    + new String(bytes, StandardCharsets.UTF_8), e);
        }
        if (list == null || !list.isArray() || list.size() != 2 || !list.get(1).isArray() || list.get(1).size() != 2
                || !list.get(1).get(0).isNumber()) {
            throw new CodecException("Not a Faust windowed table key (JSON [key, [start, end]]): "
                    + new String(bytes, StandardCharsets.UTF_8));
        }
        long start = Math.round(list.get(1).get(0).asDouble() * 1000);
        byte[] key;
        try {
            key = JSON.writeValueAsBytes(list.get(0));
        } catch (IOException e) {
            throw new CodecException("Cannot read the key of a Faust windowed table key", e);
        }
        return new WindowKey<>(keyCodec.decode(key), start, start + sizeMillis);
    }

    /** The bytes every window of {@code key} starts with. */
    byte[] prefix(K key) {
        return prefix(keyCodec.encode(key));
    }

    /**
     * The first key, in the binary layout, of {@code key}'s windows that start at {@code start} or later: with
     * {@link io.faust4j.spi.KeyRange#of} it bounds a range scan of a key's windows by start.
     */
    byte[] startBound(K key, long start) {
        if (faust) {
            throw new IllegalStateException("Faust's key layout does not order windows by start as bytes");
        }
        byte[] prefix = prefix(key);
        return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(start ^ Long.MIN_VALUE).array();
    }

    private byte[] prefix(byte[] key) {
        if (faust) {
            byte[] out = new byte[key.length + 3];
            out[0] = '[';
            System.arraycopy(key, 0, out, 1, key.length);
            out[key.length + 1] = ',';
            out[key.length + 2] = '[';
            return out;
        }
        return ByteBuffer.allocate(4 + key.length).putInt(key.length).put(key).array();
    }

    /** A double as Python's {@code repr} prints it, for the magnitudes of epoch seconds (no exponent). */
    static String pythonFloat(double value) {
        String plain = new BigDecimal(Double.toString(value)).toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<WindowKey<K>> type() {
        return (Class) WindowKey.class;
    }

    /** Encodes a window key's table key only: the bytes its partition is chosen by. */
    static <K> Codec<WindowKey<K>> partitioning(Codec<K> keyCodec) {
        return new Codec<>() {
            @Override
            public byte[] encode(WindowKey<K> value) {
                return keyCodec.encode(value.key());
            }

            @Override
            public WindowKey<K> decode(byte[] bytes) {
                throw new UnsupportedOperationException("partitioning only");
            }

            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Class<WindowKey<K>> type() {
                return (Class) WindowKey.class;
            }
        };
    }
}
