package io.faust4j.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP response: status, content type, body and extra headers.
 *
 * @param status the status
 * @param contentType the body's media type
 * @param body the body
 * @param headers extra headers
 */
record WebReply(int status, String contentType, byte[] body, Map<String, List<String>> headers) {
    static final String JSON = "application/json";

    static WebReply json(int status, Object value) {
        return new WebReply(status, JSON, Json.bytes(value), Map.of());
    }

    /** The error body every failure gets: {@code {"error": message}}. */
    static WebReply error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    static WebReply text(int status, String contentType, String text) {
        return new WebReply(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    WebReply withHeader(String name, String value) {
        Map<String, List<String>> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, List.of(value));
        return new WebReply(status, contentType, body, Map.copyOf(more));
    }
}
