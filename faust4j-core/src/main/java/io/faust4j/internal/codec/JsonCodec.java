package io.faust4j.internal.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.faust4j.Codec;
import io.faust4j.CodecException;
import io.faust4j.internal.codec.FieldPresence.MissingFieldsException;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JSON through Jackson: one shared mapper, and a reader and writer made once per type. This is on the
 * hot path; decoding allocates nothing beyond what Jackson itself allocates.
 *
 * <p>Decoding never fills a model with silent defaults: JSON {@code null} for a primitive fails, and for
 * records and {@code @JsonCreator} classes an object must supply at least one of the model's fields and
 * every required one (primitives and {@code @JsonProperty(required = true)}; see {@link FieldPresence}).
 * The error names the missing fields and the ones the object has.
 */
final class JsonCodec<T> implements Codec<T> {
    /**
     * Configured once; unknown properties are ignored so that models can gain fields over time, but a
     * primitive never decodes from JSON null, and {@link FieldPresence} checks which fields are present.
     * {@code java.time} values are ISO-8601 strings, date-times as Faust writes them ({@link PythonTime}), and
     * models annotated {@link io.faust4j.FaustRecord} carry Faust's {@code __faust} metadata.
     */
    static final ObjectMapper MAPPER = builder().build();
    /**
     * The {@code faust} dialect: as {@link #MAPPER}, with snake_case field names (Python attribute names) and
     * {@code BigDecimal} as a string (Faust's {@code Decimal}).
     */
    static final ObjectMapper FAUST_MAPPER = builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new SimpleModule("faust4j-faust-decimal").addSerializer(BigDecimal.class, ToStringSerializer.instance))
            .build();
    private static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .addModule(new JavaTimeModule())
                .addModule(PythonTime.module())
                .addModule(FaustMetadata.module())
                .addModule(FieldPresence.module());
    }

    private static final String NULL_FOR_PRIMITIVE = "Cannot map `null` into type";

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final String typeName;
    private final boolean faust;

    /** A codec of the default dialect, or (with {@code faust}) of Faust's ({@link #FAUST_MAPPER}). */
    JsonCodec(Class<T> type, boolean faust) {
        ObjectMapper mapper = faust ? FAUST_MAPPER : MAPPER;
        this.type = type;
        this.faust = faust;
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
        this.typeName = BuiltinCodecs.describe(type);
    }

    @Override
    public byte[] encode(T value) {
        if (value == null) {
            throw new CodecException("cannot encode null as JSON for " + typeName);
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new CodecException("cannot encode " + typeName + " as JSON: " + describe(e), e);
        }
    }

    @Override
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new CodecException("cannot decode JSON as " + typeName + ": empty value");
        }
        T value;
        try {
            value = reader.readValue(bytes);
        } catch (MissingFieldsException e) {
            throw new CodecException("cannot decode JSON as " + typeName + ": " + describe(e, bytes), e);
        } catch (IOException e) {
            throw new CodecException("cannot decode JSON as " + typeName + ": " + describe(e), e);
        }
        if (value == null) {
            throw new CodecException("cannot decode JSON as " + typeName + ": the value is JSON null");
        }
        return value;
    }

    @Override
    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return (faust ? "json[faust](" : "json(") + typeName + ")";
    }

    /** Jackson's message without the source excerpt, plus the field path and the line and column. */
    private static String describe(IOException e) {
        if (!(e instanceof JsonProcessingException jpe)) {
            return String.valueOf(e.getMessage());
        }
        Optional<Class<?>> nullPrimitive = nullForPrimitive(jpe);
        StringBuilder message = new StringBuilder(nullPrimitive.map(type -> "JSON null for a primitive " + type.getName())
                .orElseGet(() -> String.valueOf(jpe.getOriginalMessage())));
        if (jpe instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            message.append(" (at field ").append(fieldPath(jme)).append(')');
        }
        JsonLocation location = jpe.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message.append(" at line ").append(location.getLineNr()).append(" column ").append(location.getColumnNr());
        }
        nullPrimitive.ifPresent(type -> message.append("; declare it ")
                .append(BuiltinCodecs.describe(MethodType.methodType(type).wrap().returnType()))
                .append(" if it may be null"));
        return message.toString();
    }

    /**
     * The primitive type when {@code e} is JSON null for a primitive (Jackson's message for it suggests a
     * mapper setting that faust4j users cannot change; the codec suggests the boxed type instead).
     */
    private static Optional<Class<?>> nullForPrimitive(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && mismatch.getTargetType().isPrimitive()
                && String.valueOf(mismatch.getOriginalMessage()).startsWith(NULL_FOR_PRIMITIVE)) {
            return Optional.of(mismatch.getTargetType());
        }
        return Optional.empty();
    }

    /**
     * Names the missing fields and the fields the object has, which are read again from {@code bytes}
     * (this is the error path) at the exception's field path.
     */
    private static String describe(MissingFieldsException e, byte[] bytes) {
        String model = BuiltinCodecs.describe(e.model());
        String where = e.getPath().isEmpty() ? "" : " in " + fieldPath(e);
        Optional<List<String>> found = fieldNamesAt(bytes, e.getPath());
        String foundText = found.map(names -> "found " + (names.isEmpty() ? "none" : String.join(", ", names)))
                .orElse("");
        if (e.nonePresent()) {
            String whose = e.getPath().isEmpty() ? "its" : model + "'s";
            return "none of " + whose + " fields are present" + where + " (expected " + String.join(", ", e.expected())
                    + (foundText.isEmpty() ? "" : "; " + foundText) + ")" + renameHint(model, found.orElse(List.of()));
        }
        return "missing required field" + (e.missing().size() == 1 ? " " : "s ") + String.join(", ", e.missing())
                + where + (foundText.isEmpty() ? "" : " (" + foundText + ")")
                + "; fields of a primitive type and fields marked @JsonProperty(required = true) must be present";
    }

    /** How to map fields named differently in the data; empty when the object has no fields at all. */
    private static String renameHint(String model, List<String> found) {
        if (found.isEmpty()) {
            return "";
        }
        String example = found.getFirst();
        if (found.stream().anyMatch(name -> name.indexOf('_') > 0)) {
            return "; snake_case data needs @JsonProperty names (such as @JsonProperty(\"" + example
                    + "\")) or @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class) on " + model;
        }
        return "; if the data names the fields differently, map them with @JsonProperty (such as @JsonProperty(\""
                + example + "\")) or a @JsonNaming strategy on " + model;
    }

    /** The field names of the object at {@code path} in {@code bytes}, or empty if that cannot be found. */
    private static Optional<List<String>> fieldNamesAt(byte[] bytes, List<JsonMappingException.Reference> path) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (JsonMappingException.Reference reference : path) {
            if (node == null) {
                return Optional.empty();
            }
            node = reference.getFieldName() != null ? node.get(reference.getFieldName()) : node.get(reference.getIndex());
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return Optional.of(names);
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
