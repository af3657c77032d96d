package io.faust4j;

import io.faust4j.internal.codec.BuiltinCodecs;
import io.faust4j.spi.CodecProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Looks codecs up by name: the built-ins {@code raw}, {@code json} and {@code binary}, compositions
 * such as {@code json|binary}, and codecs added through {@link CodecProvider}.
 */
public final class Codecs {
    private static volatile Map<String, CodecProvider> providers;

    private Codecs() {
    }

    /**
     * The codec called {@code name} for {@code type}. A composition {@code a|b} encodes with {@code a}
     * and then {@code b}, and decodes in reverse; every codec after the first works on {@code byte[]}.
     *
     * @throws ConfigurationException when a name is unknown (the message lists the known names) or a
     *     codec cannot handle the type
     */
    public static <T> Codec<T> forName(String name, Class<T> type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        String[] parts = name.split("\\|", -1);
        Codec<T> first = single(parts[0].trim(), name, type);
        List<Codec<byte[]>> rest = new ArrayList<>(parts.length - 1);
        for (int i = 1; i < parts.length; i++) {
            rest.add(single(parts[i].trim(), name, byte[].class));
        }
        return BuiltinCodecs.compose(first, rest);
    }

    /**
     * JSON through Jackson, for records, classes, boxed primitives and String; unknown JSON fields are ignored.
     * Decoding fails with a {@link CodecException} rather than fill a model with silent defaults: a record
     * must find at least one of its fields in the object and every required one (primitive components and
     * {@code @JsonProperty(required = true)}; others may be absent and are null), and a primitive is never
     * JSON null. The message names the missing fields and the ones present (docs/codecs.md, "Missing fields").
     */
    public static <T> Codec<T> json(Class<T> type) {
        return BuiltinCodecs.json(Objects.requireNonNull(type, "type"));
    }

    /**
     * UTF-8 text for {@code String} and the bytes themselves for {@code byte[]}.
     *
     * @throws ConfigurationException for any other type
     */
    public static <T> Codec<T> raw(Class<T> type) {
        return BuiltinCodecs.raw(Objects.requireNonNull(type, "type"));
    }

    /**
     * Faust's {@code binary}: the base64 text of the raw bytes, for {@code String} and {@code byte[]}.
     *
     * @throws ConfigurationException for any other type
     */
    public static <T> Codec<T> binary(Class<T> type) {
        return BuiltinCodecs.binary(Objects.requireNonNull(type, "type"));
    }

    /** The names of all codecs: the built-ins, then those of providers found by {@link ServiceLoader}. */
    public static Set<String> names() {
        Set<String> names = new LinkedHashSet<>(BuiltinCodecs.NAMES);
        names.addAll(providers().keySet());
        return Collections.unmodifiableSet(names);
    }

    /**
     * The key codec to use for keys of {@code type} when the {@code key_serializer} setting is
     * {@code configured}: {@code raw} becomes {@code json} for types that raw cannot handle (so record and
     * number keys work with the default), anything else is returned as is.
     */
    public static String defaultKeyCodecFor(Class<?> type, String configured) {
        Objects.requireNonNull(type, "type");
        int bar = configured.indexOf('|');
        String first = (bar < 0 ? configured : configured.substring(0, bar)).trim();
        if (first.equals("raw") && type != String.class && type != byte[].class) {
            return bar < 0 ? "json" : "json" + configured.substring(bar);
        }
        return configured;
    }

    /**
     * Checks that every part of a (possibly composed) codec name is known and returns it with the
     * whitespace around parts removed; for settings.
     *
     * @throws IllegalArgumentException "expected ..." naming the known codecs
     */
    static String checkName(String name) {
        String[] parts = name.split("\\|", -1);
        List<String> trimmed = new ArrayList<>(parts.length);
        for (String part : parts) {
            String candidate = part.trim();
            if (!BuiltinCodecs.isBuiltin(candidate) && !providers().containsKey(candidate)) {
                throw new IllegalArgumentException("expected a codec name (one of " + String.join(", ", names())
                        + ") or a composition such as json|binary");
            }
            trimmed.add(candidate);
        }
        return String.join("|", trimmed);
    }

    private static <T> Codec<T> single(String part, String fullName, Class<T> type) {
        var builtin = BuiltinCodecs.create(part, type);
        if (builtin.isPresent()) {
            return builtin.get();
        }
        CodecProvider provider = providers().get(part);
        if (provider == null) {
            String where = part.equals(fullName) ? "" : " in '" + fullName + "'";
            throw new ConfigurationException("Unknown codec '" + part + "'" + where + ": known codecs are "
                    + String.join(", ", names()) + "; combine them with '|', as in json|binary");
        }
        Codec<T> codec = provider.create(type);
        if (codec == null) {
            throw new ConfigurationException("Codec provider " + provider.getClass().getName() + " ('" + part
                    + "') returned no codec for " + type.getName() + "; it must return a codec or throw");
        }
        return codec;
    }

    private static Map<String, CodecProvider> providers() {
        Map<String, CodecProvider> loaded = providers;
        if (loaded == null) {
            loaded = loadProviders();
            providers = loaded;  // a race loads twice, harmlessly
        }
        return loaded;
    }

    private static Map<String, CodecProvider> loadProviders() {
        Map<String, CodecProvider> byName = new TreeMap<>();
        try {
            for (CodecProvider provider : ServiceLoader.load(CodecProvider.class)) {
                String name = provider.name();
                String owner = provider.getClass().getName();
                if (name == null || name.isBlank() || name.contains("|") || !name.equals(name.trim())) {
                    throw new ConfigurationException("Codec provider " + owner + " has an invalid name '" + name
                            + "': expected a non-blank name without '|' or surrounding spaces");
                }
                if (BuiltinCodecs.isBuiltin(name)) {
                    throw new ConfigurationException("Codec provider " + owner + " is named '" + name
                            + "', which is a built-in codec; choose another name");
                }
                CodecProvider previous = byName.putIfAbsent(name, provider);
                if (previous != null) {
                    throw new ConfigurationException("Codec providers " + previous.getClass().getName() + " and "
                            + owner + " are both named '" + name + "'; names must be unique");
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("Cannot load codec providers listed in META-INF/services/"
                    + CodecProvider.class.getName() + ": " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(byName);
    }
}
