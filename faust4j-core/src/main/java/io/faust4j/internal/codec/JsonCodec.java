package io.faust4j.internal.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faust4j.Codec;
import io.faust4j.CodecException;
import java.io.IOException;

/**
 * JSON through Jackson: one shared mapper, and a reader and writer made once per type. This is on the
 * hot path; decoding allocates nothing beyond what Jackson itself allocates.
 */
final class JsonCodec<T> implements Codec<T> {
    /** Configured once; unknown properties are ignored so that models can gain fields over time. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final String typeName;

    JsonCodec(Class<T> type) {
        this.type = type;
        this.reader = MAPPER.readerFor(type);
        this.writer = MAPPER.writerFor(type);
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
        return "json(" + typeName + ")";
    }

    /** Jackson's message without the source excerpt, plus the field path and the line and column. */
    private static String describe(IOException e) {
        if (!(e instanceof JsonProcessingException jpe)) {
            return String.valueOf(e.getMessage());
        }
        StringBuilder message = new StringBuilder(String.valueOf(jpe.getOriginalMessage()));
        if (jpe instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            message.append(" (at field ").append(fieldPath(jme)).append(')');
        }
        JsonLocation location = jpe.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message.append(" at line ").append(location.getLineNr()).append(" column ").append(location.getColumnNr());
        }
        return message.toString();
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
