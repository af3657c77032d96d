package io.faust4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The answer of a {@link PageHandler}: a status, a content type and the body's bytes.
 *
 * @param status the HTTP status (100 to 599)
 * @param contentType the body's media type
 * @param body the body
 */
public record PageResponse(int status, String contentType, byte[] body) {
    /** Validates the status. */
    public PageResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599, got " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    /** 200 with {@code value} as JSON (records, maps, lists, numbers, strings...). */
    public static PageResponse json(Object value) {
        return json(200, value);
    }

    /** {@code status} with {@code value} as JSON. */
    public static PageResponse json(int status, Object value) {
        try {
            return new PageResponse(status, "application/json", PageJson.MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new Faust4jException("Cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** {@code status} with the JSON error {@code {"error": message}}. */
    public static PageResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    /** 200 with plain UTF-8 text. */
    public static PageResponse text(String text) {
        return new PageResponse(200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A status without a body, such as 204. */
    public static PageResponse status(int status) {
        return new PageResponse(status, "application/json", new byte[0]);
    }
}
