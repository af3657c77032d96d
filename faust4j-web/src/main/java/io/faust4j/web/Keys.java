package io.faust4j.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;

/**
 * Reads a table key from the text of a URL path segment: the text itself for String keys, else the text as JSON
 * of the key type ({@code 42} for a Long, {@code {"id":1}} for a record), or as a JSON string (a UUID).
 */
final class Keys {
    private Keys() {
    }

    /** The key, or empty when the text is not a key of {@code type}. */
    static Optional<Object> parse(String text, Class<?> type) {
        if (type == String.class) {
            return Optional.of(text);
        }
        if (type == byte[].class) {
            return Optional.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try {
            Object key = Json.MAPPER.readValue(text, type);
            if (key != null) {
                return Optional.of(key);
            }
        } catch (JacksonException notJson) {
            // a UUID, a date or an enum is written without quotes in a URL: try it as a JSON string
        }
        try {
            return Optional.ofNullable(Json.MAPPER.treeToValue(TextNode.valueOf(text), type));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How a key of {@code type} is written in a URL, for error messages. */
    static String example(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number, such as /42";
        }
        if (type == java.util.UUID.class) {
            return "a UUID, such as /123e4567-e89b-12d3-a456-426614174000";
        }
        return "JSON of " + type.getSimpleName() + ", percent-encoded";
    }
}
