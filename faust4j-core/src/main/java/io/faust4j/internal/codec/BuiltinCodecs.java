package io.faust4j.internal.codec;

import io.faust4j.Codec;
import io.faust4j.Codecs;
import io.faust4j.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Creates the built-in codecs by name; {@link io.faust4j.Codecs} is the public entry point. */
public final class BuiltinCodecs {
    /** The built-in codec names, in the order the docs list them. */
    public static final List<String> NAMES = List.of("raw", "json", "json-faust", "json-jackson", "binary");

    private static final Set<String> NAME_SET = Set.copyOf(NAMES);

    private static final ClassValue<JsonCodec<?>> JSON = new ClassValue<>() {
        @Override
        protected JsonCodec<?> computeValue(Class<?> type) {
            return new JsonCodec<>(type, false);
        }
    };
    private static final ClassValue<JsonCodec<?>> FAUST_JSON = new ClassValue<>() {
        @Override
        protected JsonCodec<?> computeValue(Class<?> type) {
            return new JsonCodec<>(type, true);
        }
    };

    private BuiltinCodecs() {
    }

    /** Whether {@code name} is a built-in codec. */
    public static boolean isBuiltin(String name) {
        return NAME_SET.contains(name);
    }

    /** The built-in codec called {@code name} for {@code type}, or empty when no built-in has that name. */
    public static <T> Optional<Codec<T>> create(String name, Class<T> type) {
        return switch (name) {
            case "raw" -> Optional.of(raw(type));
            case "json", "json-jackson" -> Optional.of(json(type));
            case "json-faust" -> Optional.of(faustJson(type));
            case "binary" -> Optional.of(binary(type));
            default -> Optional.empty();
        };
    }

    /** JSON for any type Jackson can bind (records, beans, boxed primitives, String); one instance per type. */
    @SuppressWarnings("unchecked")
    public static <T> Codec<T> json(Class<T> type) {
        return (Codec<T>) JSON.get(type);
    }

    /**
     * JSON in Faust's dialect: snake_case field names and {@code BigDecimal} as a string (the {@code json_dialect}
     * setting); one instance per type.
     */
    @SuppressWarnings("unchecked")
    public static <T> Codec<T> faustJson(Class<T> type) {
        return (Codec<T>) FAUST_JSON.get(type);
    }

    /**
     * The codec called {@code name} (possibly composed, as {@code Codecs.forName}) for {@code type}, with
     * {@code json} as its first part in Faust's dialect when {@code faustJson}: how an app makes its codecs.
     */
    public static <T> Codec<T> forName(String name, Class<T> type, boolean faustJson) {
        int bar = name.indexOf('|');
        String first = (bar < 0 ? name : name.substring(0, bar)).trim();
        if (!faustJson || !first.equals("json")) {
            return Codecs.forName(name, type);
        }
        List<Codec<byte[]>> rest = new ArrayList<>();
        if (bar >= 0) {
            for (String part : name.substring(bar + 1).split("\\|", -1)) {
                rest.add(Codecs.forName(part.trim(), byte[].class));
            }
        }
        return compose(faustJson(type), rest);
    }

    /** UTF-8 for String, the bytes themselves for byte[]. */
    @SuppressWarnings("unchecked")
    public static <T> Codec<T> raw(Class<T> type) {
        if (type == String.class) {
            return (Codec<T>) RawCodec.STRING;
        }
        if (type == byte[].class) {
            return (Codec<T>) RawCodec.BYTES;
        }
        throw new ConfigurationException("raw codec handles String and byte[]; use json for " + describe(type));
    }

    /** Base64 text of the raw bytes, for String and byte[]. */
    public static <T> Codec<T> binary(Class<T> type) {
        if (type != String.class && type != byte[].class) {
            throw new ConfigurationException("binary codec handles String and byte[]; use json|binary for "
                    + describe(type));
        }
        return new BinaryCodec<>(raw(type));
    }

    /** Encodes with {@code first} then each of {@code rest} in order; decodes in reverse. */
    public static <T> Codec<T> compose(Codec<T> first, List<Codec<byte[]>> rest) {
        return rest.isEmpty() ? first : new ComposedCodec<>(first, rest);
    }

    /** A short name for a type in messages: {@code Order}, {@code Long}, {@code byte[]}. */
    static String describe(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }
}
